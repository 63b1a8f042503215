import {
  AGENT_TOOLS,
  type AgentToolDefinition,
  type AgentToolName,
  checkRequestSource,
  estimateLoadedRequest,
  quoteOf,
  type RequestSource,
  runAgentTool,
  UsageError,
} from '@ltx-jobs/core';
import * as vscode from 'vscode';
import type { Services } from '../services/services.js';
import { type ConfirmedQuotes, inputKey, prepareSubmit } from './submit-confirmation.js';
import { createVscodeAgentHost } from './vscode-host.js';

/** What each tool shows while it runs. */
function invocationMessage(name: AgentToolName, input: Record<string, unknown>): string {
  const what =
    typeof input.file === 'string'
      ? input.file
      : typeof input.ref === 'string'
        ? input.ref
        : 'an inline request';
  switch (name) {
    case 'ltx_list_models':
      return 'Reading the LTX capability table';
    case 'ltx_validate':
      return `Validating ${what}`;
    case 'ltx_estimate':
      return `Estimating the cost of ${what}`;
    case 'ltx_status':
      return `Reading the state of ${what}`;
    case 'ltx_wait':
      return `Waiting for ${what}`;
    case 'ltx_list_jobs':
      return 'Listing LTX jobs';
    case 'ltx_download':
      return `Downloading the results of ${what}`;
    default:
      return `Running ${name}`;
  }
}

/**
 * Refuses a submit whose request or estimate changed between the confirmation the user saw and now
 * (the file was edited meanwhile, say): the user confirmed something else.
 */
async function checkStillConfirmed(services: Services, input: RequestSource, confirmed: ConfirmedQuotes) {
  const shown = confirmed.get(inputKey(input));
  confirmed.delete(inputKey(input));
  if (shown === undefined) return;
  const host = createVscodeAgentHost(services);
  const check = await checkRequestSource(input, host);
  if (!check.ok) return; // the invocation reports the problems and sends nothing
  if (quoteOf(check.loaded, (await estimateLoadedRequest(check.loaded)).view) !== shown) {
    throw new UsageError(
      'The request or its estimate changed after you confirmed it; nothing was sent. Call ltx_submit again to see the new estimate.',
    );
  }
}

function createTool(
  services: Services,
  tool: AgentToolDefinition,
  confirmed: ConfirmedQuotes,
): vscode.LanguageModelTool<Record<string, unknown>> {
  const name = tool.name as AgentToolName;
  return {
    async prepareInvocation(options) {
      if (name === 'ltx_submit')
        return prepareSubmit(createVscodeAgentHost(services), options.input, confirmed);
      return { invocationMessage: invocationMessage(name, options.input) };
    },
    async invoke(options, token) {
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => controller.abort());
      try {
        if (name === 'ltx_submit') await checkStillConfirmed(services, options.input, confirmed);
        const answer = await runAgentTool(name, createVscodeAgentHost(services), options.input, {
          signal: controller.signal,
        });
        return new vscode.LanguageModelToolResult([
          new vscode.LanguageModelTextPart(answer.summary),
          new vscode.LanguageModelTextPart(JSON.stringify(answer.output, null, 2)),
        ]);
      } catch (error) {
        if (token.isCancellationRequested) throw new vscode.CancellationError();
        const message = error instanceof Error ? error.message : String(error);
        services.logger.warn(`${name}: ${message}`);
        throw new Error(message);
      } finally {
        subscription.dispose();
      }
    },
  };
}

/**
 * The agent tools of `ltx-jobs mcp` as VS Code language-model tools (`contributes.languageModelTools`
 * in package.json, generated from the same definitions): an agent in the editor validates, estimates,
 * submits (each submit confirmed by the user with its file, endpoint, model and estimate), waits and
 * downloads through the extension's own job store, so its jobs appear in the Jobs view. Activation
 * registers each contributed tool by name and hands the calls to these (activation/deferred-features.ts).
 */
export function createLmTools(
  services: Services,
): Map<string, vscode.LanguageModelTool<Record<string, unknown>>> {
  const confirmed: ConfirmedQuotes = new Map();
  return new Map(AGENT_TOOLS.map((tool) => [tool.name, createTool(services, tool, confirmed)]));
}
