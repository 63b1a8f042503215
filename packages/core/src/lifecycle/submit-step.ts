import { isHttpError } from '../errors/http-error.js';
import { isLtxJobsError } from '../errors/ltx-jobs-error.js';
import { isNetworkError } from '../errors/network-error.js';
import type { ProviderClient, SubmitResult } from '../provider.js';
import { isConcurrencyLimitError } from '../runner/submit-queue.js';

/**
 * What one billed POST ended with, as plain data a queue can store:
 * - `submitted`: the provider accepted it; `result.id` is the job's id (record it before anything else);
 * - `refused`: the provider surely made no job (an error status, or the request never left). With
 *   `concurrencyLimited` the account is at its limit of generations (`concurrency_limit_error`, a useapi
 *   429): wait `retryAfterMs` (when the server said) and send again;
 * - `unknown`: the body may have arrived and no usable answer came back: the job may exist and be
 *   billed. Never send it again blindly (see `ProviderClient.findSubmitted`).
 */
export type SubmitStepResult =
  | { outcome: 'submitted'; result: SubmitResult }
  | { outcome: 'refused'; error: unknown; concurrencyLimited: boolean; retryAfterMs?: number }
  | { outcome: 'unknown'; error: unknown };

/**
 * The single-shot submit step both the local runner and the team worker drive: one `client.submit`
 * (billed; the client repeats it only after answers that say no job was started), its failure sorted
 * by {@link surelyNotCreated}. Never throws for a failed POST: the outcome says what is known.
 */
export async function submitOnce(
  client: ProviderClient,
  endpoint: string,
  body: Record<string, unknown>,
): Promise<SubmitStepResult> {
  try {
    return { outcome: 'submitted', result: await client.submit(endpoint, body) };
  } catch (error) {
    if (!surelyNotCreated(error)) return { outcome: 'unknown', error };
    const concurrencyLimited = isConcurrencyLimitError(error);
    const retryAfterMs = concurrencyLimited ? error.retryAfterMs : undefined;
    return {
      outcome: 'refused',
      error,
      concurrencyLimited,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    };
  }
}

/**
 * True when a failed POST surely made no job: the provider answered with an error status, or the
 * request never left (a check before sending, a connection that was refused). Anything else (a drop
 * after the body was sent, a malformed answer, a timeout) leaves the submit interrupted.
 */
export function surelyNotCreated(error: unknown): boolean {
  if (isHttpError(error)) return true;
  if (isNetworkError(error)) return !error.requestSent || neverConnected(error);
  return isLtxJobsError(error) && ['usage', 'validation', 'config'].includes(error.kind);
}

/** Socket errors that happen before a connection exists, so no byte of the request left. */
const NOT_CONNECTED = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** True when an error's cause chain says the connection was never made (refused, no such host...). */
function neverConnected(error: unknown): boolean {
  for (let cause = error, depth = 0; cause && depth < 5; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && NOT_CONNECTED.has(code)) return true;
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}
