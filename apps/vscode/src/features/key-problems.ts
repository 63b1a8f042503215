import { isAuthError, type ProviderName } from '@ltx-jobs/core';
import * as vscode from 'vscode';
import type { WatchProblem } from '../services/job-store.js';
import { isMissingApiKeyError } from '../services/lazy-client.js';
import type { Services } from '../services/services.js';
import { countOf, PROVIDER_NAMES } from '../view-model/format.js';

/** A key problem in words, and the provider whose key "Set API Key" should ask for. */
export interface KeyProblem {
  provider: ProviderName;
  message: string;
}

/**
 * The key problem behind `error`, if it is one: no key stored ("No API key for LTX is set") or a key
 * the provider refused with 401/403 ("LTX rejected your API key").
 */
export function keyProblemOf(error: unknown): KeyProblem | undefined {
  if (isMissingApiKeyError(error)) {
    return {
      provider: error.provider,
      message: `No API key for ${PROVIDER_NAMES[error.provider]} is set. LTX Jobs keeps it in VS Code's secret storage.`,
    };
  }
  if (isAuthError(error) && (error.provider === 'ltx' || error.provider === 'useapi')) {
    return {
      provider: error.provider,
      message: `${PROVIDER_NAMES[error.provider]} rejected your API key (HTTP ${error.status}). Set the right key to go on.`,
    };
  }
  return undefined;
}

/**
 * Shows a key problem with a "Set API Key" button that asks for that provider's key. When a new key
 * was stored that way, `retry` runs (e.g. the submit that found no key: it sent nothing).
 */
export function showKeyProblem(services: Services, problem: KeyProblem, retry?: () => unknown): void {
  void vscode.window
    .showErrorMessage(`LTX Jobs: ${problem.message}`, 'Set API Key', 'Show Output')
    .then(async (choice) => {
      if (choice === 'Show Output') services.log.show(true);
      if (choice !== 'Set API Key') return;
      const before = await services.apiKeys.get(problem.provider);
      await vscode.commands.executeCommand('ltxJobs.setApiKey', { provider: problem.provider });
      const after = await services.apiKeys.get(problem.provider);
      if (retry !== undefined && after !== undefined && after !== before) await retry();
    });
}

/** Milliseconds in which watch problems of one provider are told in one message. */
const GATHER_MS = 500;

/**
 * When watches stop because a key is missing or rejected (after a reload, when a key was revoked),
 * says so once per provider for all its jobs, with "Set API Key"; setting the key resumes them.
 */
export function registerKeyProblems(context: vscode.ExtensionContext, services: Services): void {
  const waiting = new Map<ProviderName, { problems: WatchProblem[]; timer: NodeJS.Timeout }>();
  const off = services.store.onDidStopWatching((problem) => {
    if (!problem.keyProblem) return;
    const batch = waiting.get(problem.provider);
    if (batch !== undefined) {
      batch.problems.push(problem);
      return;
    }
    const timer = setTimeout(() => {
      const gathered = waiting.get(problem.provider)?.problems ?? [problem];
      waiting.delete(problem.provider);
      const name = PROVIDER_NAMES[problem.provider];
      const rejected = gathered.some((p) => !/No API key/.test(p.message));
      const why = rejected ? `${name} rejected your API key` : `No API key for ${name} is set`;
      showKeyProblem(services, {
        provider: problem.provider,
        message: `${why}: ${countOf(gathered.length, `${name} job is`, `${name} jobs are`)} not watched.`,
      });
    }, GATHER_MS);
    waiting.set(problem.provider, { problems: [problem], timer });
  });
  context.subscriptions.push({
    dispose: () => {
      off();
      for (const batch of waiting.values()) clearTimeout(batch.timer);
    },
  });
}
