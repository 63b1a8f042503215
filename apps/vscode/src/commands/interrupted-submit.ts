import { UsageError } from '@ltx-jobs/core';
import * as vscode from 'vscode';
import type { Services } from '../services/services.js';
import { IntentArgSchema, parseArg } from './args.js';
import { CancelledError } from './command-error.js';

/** The interrupted submit a row (or an intent id) names. */
function intentOf(services: Services, arg: unknown) {
  const id = parseArg(IntentArgSchema, arg, 'The argument of an interrupted submit command');
  const intent = services.store.getIntent(id);
  if (intent === undefined)
    throw new UsageError('That submit is no longer interrupted (it was recorded or dismissed)');
  return intent;
}

/**
 * ltxJobs.findInterruptedJob <intent>: asks the provider for the job an interrupted submit may have
 * made (useapi.net, by the marker the submit carried) and records it; LTX cannot list jobs.
 */
export async function findInterruptedJob(services: Services, arg: unknown): Promise<void> {
  const intent = intentOf(services, arg);
  const record = await services.store.recover(intent.id);
  services.logger.info(`Found the job of an interrupted submit: ${record.ref}`);
  await services.revealJob(record.ref);
}

/**
 * ltxJobs.dismissInterrupted <intent>: forgets an interrupted submit after asking (the job may exist
 * and be billed; once dismissed, the same request can be submitted again without a warning).
 */
export async function dismissInterrupted(services: Services, arg: unknown): Promise<void> {
  const intent = intentOf(services, arg);
  const answer = await vscode.window.showWarningMessage(
    `Dismiss the interrupted submit of "${intent.name ?? intent.endpoint}"?`,
    {
      modal: true,
      detail:
        'Check your provider account first: the job may exist and be billed. Once dismissed, the same request can be submitted again.',
    },
    { title: 'Keep It', isCloseAffordance: true },
    { title: 'Dismiss' },
  );
  if (answer?.title !== 'Dismiss') throw new CancelledError();
  await services.store.dismissIntent(intent.id);
}
