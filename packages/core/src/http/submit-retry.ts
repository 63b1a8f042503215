import type { z } from 'zod';
import type { Deps } from '../deps.js';
import { isHttpError } from '../errors/http-error.js';
import { type HttpDeps, type HttpRequestOptions, type JsonResponse, requestJson } from './request.js';

/** Statuses with which a server says it started no job, so a billed submit may be sent again. */
export const SUBMIT_RETRY_STATUSES: readonly number[] = [429, 503];

/** Tuning of {@link withSubmitRetry}. */
export interface SubmitRetryOptions {
  /** Extra attempts after the first. Default 3. */
  maxRetries?: number;
  /** First backoff delay in ms, doubled per retry, plus up to 50 % jitter. Default 1000. */
  baseDelayMs?: number;
  /** A Retry-After longer than this (ms) is not waited out: the error is thrown. Default 60000. */
  maxDelayMs?: number;
  /** Cuts the wait between attempts (the sleep rejects with an AbortError). */
  signal?: AbortSignal;
}

/**
 * Runs a billed submit, repeating it only after a 429 or 503 answer (the server refused before starting
 * a job). Waits max(Retry-After, backoff). Network errors, timeouts and every other status are thrown
 * at once: the body may have arrived and a second job would be billed.
 */
export async function withSubmitRetry<T>(
  deps: Pick<Deps, 'sleep' | 'random' | 'logger'>,
  attempt: () => Promise<T>,
  options: SubmitRetryOptions = {},
): Promise<T> {
  const maxRetries = options.maxRetries ?? 3;
  const baseDelayMs = options.baseDelayMs ?? 1000;
  const maxDelayMs = options.maxDelayMs ?? 60_000;
  for (let retry = 0; ; retry++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isHttpError(error) || !SUBMIT_RETRY_STATUSES.includes(error.status) || retry >= maxRetries)
        throw error;
      const backoff = baseDelayMs * 2 ** retry * (1 + deps.random() * 0.5);
      const delay = Math.round(Math.max(error.retryAfterMs ?? 0, backoff));
      if ((error.retryAfterMs ?? 0) > maxDelayMs) throw error;
      deps.logger.info('submit refused, retrying', {
        status: error.status,
        errorType: error.errorType,
        retry: retry + 1,
        delayMs: delay,
      });
      await deps.sleep(delay, options.signal);
    }
  }
}

/**
 * A billed submit: one JSON `POST` ({@link requestJson}) under {@link withSubmitRetry}, so it is sent
 * again only after a 429/503 answer. The request's signal also cuts the waits between attempts.
 */
export function postBilledJson<T>(
  deps: HttpDeps & Pick<Deps, 'sleep' | 'random'>,
  request: Omit<HttpRequestOptions, 'method'> & { schema: z.ZodType<T> },
  retry: Omit<SubmitRetryOptions, 'signal'> = {},
): Promise<JsonResponse<T>> {
  return withSubmitRetry(deps, () => requestJson(deps, { ...request, method: 'POST' }), {
    ...retry,
    ...(request.signal && { signal: request.signal }),
  });
}
