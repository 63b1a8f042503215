import {
  type AgentHost,
  checkRequestSource,
  estimateLoadedRequest,
  quoteOf,
  type RequestSource,
} from '@ltx-jobs/core';
import * as vscode from 'vscode';

/** What the user confirmed for one submit call, to check at invocation that nothing changed since. */
export type ConfirmedQuotes = Map<string, string>;

/** The key of a call's input in {@link ConfirmedQuotes}. */
export const inputKey = (input: unknown): string => JSON.stringify(input);

function settingsLine(request: Record<string, unknown>): string | undefined {
  const parts = [
    request.resolution,
    request.duration === undefined ? undefined : `${request.duration} s`,
    request.fps === undefined ? undefined : `${request.fps} fps`,
  ];
  const shown = parts.filter((p) => p !== undefined && p !== null).map(String);
  return shown.length > 0 ? shown.join(', ') : undefined;
}

/**
 * `prepareInvocation` of `ltx_submit`: validates and estimates the request (nothing is sent) and asks
 * the user to confirm the file, endpoint, model and estimate. An invalid request needs no confirmation:
 * the invocation reports its problems and sends nothing.
 */
export async function prepareSubmit(
  host: AgentHost,
  input: RequestSource,
  confirmed: ConfirmedQuotes,
): Promise<vscode.PreparedToolInvocation> {
  const check = await checkRequestSource(input, host).catch(() => undefined);
  if (!check?.ok) {
    return { invocationMessage: 'Checking the LTX request (it is not valid: nothing will be sent)' };
  }
  const { loaded } = check;
  const { view: estimate } = await estimateLoadedRequest(loaded);
  confirmed.set(inputKey(input), quoteOf(loaded, estimate));
  const { provider, endpoint, request } = loaded.file;
  const settings = settingsLine(request);
  const lines = [
    `File: ${loaded.source}`,
    `Endpoint: ${provider} ${endpoint}`,
    `Model: ${typeof request.model === 'string' ? request.model : 'the endpoint default'}`,
    ...(settings ? [`Settings: ${settings}`] : []),
    `Estimate: ${estimate.text}`,
    ...loaded.warnings.map((w) => `Warning: ${w.path}: ${w.message}`),
    '',
    'Every submit is billed, and LTX jobs cannot be cancelled.',
  ];
  const message = new vscode.MarkdownString(lines.map((l) => (l ? `${l}  ` : '')).join('\n'));
  return {
    invocationMessage: `Submitting "${loaded.name}" (${estimate.amount})`,
    confirmationMessages: { title: `Submit LTX job "${loaded.name}" (${estimate.amount})?`, message },
  };
}
