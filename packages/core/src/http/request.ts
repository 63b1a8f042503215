import type { z } from 'zod';
import { abortError, type Deps } from '../deps.js';
import { createHttpError } from '../errors/http-error.js';
import { NetworkError } from '../errors/network-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import type { ProviderName } from '../job.js';
import { redactUrl } from './base-url.js';
import { extractProviderError } from './provider-error.js';
import { parseRetryAfter } from './retry-after.js';
import { assertHeaderSafeToken } from './token.js';

/** Who answers a request: an API, or the storage host of signed URLs (uploads, downloads). */
export type HttpProvider = ProviderName | 'artifact-host';
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** One HTTP exchange, as {@link sendRequest} and {@link requestJson} take it. */
export interface HttpRequestOptions {
  provider: HttpProvider;
  method: HttpMethod;
  /** Full URL. Only its origin + path ever reach errors and logs. */
  url: string;
  /** Sent as `Authorization: Bearer <token>` and nowhere else. Omit for signed URLs. */
  token?: string;
  headers?: Record<string, string>;
  /** Serialised as the JSON body with `Content-Type: application/json`. */
  json?: unknown;
  /** Raw body bytes (uploads); the caller sets `Content-Type`. */
  body?: Uint8Array;
  /** The caller's signal: aborting it rejects with an `AbortError`. */
  signal?: AbortSignal;
  /** Limit for the whole exchange (headers and body), in milliseconds. */
  timeoutMs: number;
}

/** A 2xx answer with its body as text. */
export interface HttpResponse {
  status: number;
  headers: Headers;
  text: string;
  /** `x-request-id`, when sent. */
  requestId?: string;
  /** `Retry-After` in milliseconds, when sent. */
  retryAfterMs?: number;
}

/** The deps the HTTP layer uses. */
export type HttpDeps = Pick<Deps, 'fetch' | 'now' | 'logger'>;

function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  if (cause && typeof cause.code === 'string') return `${error.message} (${cause.code})`;
  if (cause && typeof cause.message === 'string') return `${error.message} (${cause.message})`;
  return error.message;
}

function buildInit(options: HttpRequestOptions, signal: AbortSignal): RequestInit {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  const init: RequestInit = { method: options.method, headers, signal, redirect: 'error' };
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(options.json);
  } else if (options.body !== undefined) {
    init.body = options.body;
  }
  return init;
}

/**
 * Sends one request (no retries) and returns a 2xx answer. Non-2xx answers become the matching
 * {@link createHttpError} subclass with status, provider error type, `x-request-id`, Retry-After,
 * method and origin+path. A caller abort rethrows an `AbortError`; the timeout gives a
 * {@link TimeoutError}; anything else a {@link NetworkError}. `requestSent` is true for every method
 * but GET: with fetch we cannot tell whether bytes left (even a DNS failure is reported the same way
 * as a reset after the body went out), so a POST/PUT/DELETE that failed is assumed to have arrived.
 */
export async function sendRequest(deps: HttpDeps, options: HttpRequestOptions): Promise<HttpResponse> {
  const { provider, method, timeoutMs } = options;
  const where = `${provider} ${method} ${redactUrl(options.url)}`;
  if (options.signal?.aborted) throw abortError(options.signal);
  if (options.token !== undefined) assertHeaderSafeToken(options.token, `The ${provider} API key`);
  // One controller fed by the caller's signal and a timer, both released in `finally`. (Preferred to
  // AbortSignal.any, which on some Node 20 releases keeps every combined signal alive as long as the
  // caller's long-lived signal: one leak per status read.)
  const controller = new AbortController();
  let timedOut = false;
  const onAbort = () => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError'));
  }, timeoutMs);
  let response: Response;
  let text: string;
  try {
    response = await deps.fetch(options.url, buildInit(options, controller.signal));
    text = await response.text();
  } catch (error) {
    if (options.signal?.aborted) throw abortError(options.signal);
    if (timedOut || (error as { name?: unknown })?.name === 'TimeoutError') {
      throw new TimeoutError(
        `${where} timed out after ${timeoutMs} ms`,
        { provider, timeoutMs },
        { cause: error },
      );
    }
    const requestSent = method !== 'GET';
    let cause = describeCause(error).split(options.url).join(redactUrl(options.url));
    if (options.token) cause = cause.split(options.token).join('[redacted]');
    throw new NetworkError(`${where} failed: ${cause}`, { provider, requestSent }, { cause: error });
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
  const requestId = response.headers.get('x-request-id') ?? undefined;
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), deps.now());
  deps.logger.debug('http', {
    provider,
    method,
    url: redactUrl(options.url),
    status: response.status,
    requestId,
  });
  if (response.status < 200 || response.status > 299) {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    const info = extractProviderError(body);
    const detail = info.message ?? (text.trim().slice(0, 200) || response.statusText);
    const message = `${where} failed with ${response.status}${info.type ? ` ${info.type}` : ''}: ${detail}${
      requestId ? ` (x-request-id ${requestId})` : ''
    }`;
    throw createHttpError(message, {
      status: response.status,
      provider,
      method,
      url: redactUrl(options.url),
      ...(info.type !== undefined && { errorType: info.type }),
      ...(requestId !== undefined && { requestId }),
      ...(retryAfterMs !== undefined && { retryAfterMs }),
    });
  }
  return {
    status: response.status,
    headers: response.headers,
    text,
    ...(requestId !== undefined && { requestId }),
    ...(retryAfterMs !== undefined && { retryAfterMs }),
  };
}

/** A 2xx answer whose body was parsed as JSON and checked against a schema. */
export interface JsonResponse<T> extends HttpResponse {
  data: T;
}

/**
 * {@link sendRequest}, then parses the body as JSON and checks it with `schema`. A 2xx body that is
 * not JSON or does not match throws a {@link NetworkError} (`requestSent: true`, so a submit is never
 * repeated; a status read treats it as transient), naming provider, method and path.
 */
export async function requestJson<T>(
  deps: HttpDeps,
  options: HttpRequestOptions & { schema: z.ZodType<T> },
): Promise<JsonResponse<T>> {
  const response = await sendRequest(deps, options);
  const where = `${options.provider} ${options.method} ${new URL(options.url).pathname}`;
  let body: unknown;
  try {
    body = JSON.parse(response.text);
  } catch (error) {
    throw new NetworkError(
      `malformed JSON from ${where} (status ${response.status})`,
      { provider: options.provider, requestSent: true },
      { cause: error },
    );
  }
  const parsed = options.schema.safeParse(body);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const at = first
      ? `$${first.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}`
      : '$';
    throw new NetworkError(
      `unexpected response from ${where} (status ${response.status}): ${at}: ${first?.message ?? 'invalid'}`,
      { provider: options.provider, requestSent: true },
      { cause: parsed.error },
    );
  }
  return { ...response, data: parsed.data };
}
