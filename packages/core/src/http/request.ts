import type { z } from 'zod';
import { abortError, type Deps, globalFetch } from '../deps.js';
import { createHttpError } from '../errors/http-error.js';
import { NetworkError, systemErrorCode } from '../errors/network-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import type { ProviderName } from '../job.js';
import { redactUrl, redactUrlText } from './base-url.js';
import { type ExchangeAnswer, type ExchangeTransport, isOkStatus } from './exchange.js';
import { fetchTransport } from './fetch-transport.js';
import { formatLimit, isBodyLimitError } from './guarded-body.js';
import { nodeTransport } from './node-transport.js';
import { extractProviderError } from './provider-error.js';
import { parseRetryAfter } from './retry-after.js';
import { redactDeep, redactSecrets, registerSecret } from './secrets.js';
import { assertHeaderSafeToken } from './token.js';

/** Who answers a request: an API, or the storage host of signed URLs (uploads, downloads). */
export type HttpProvider = ProviderName | 'artifact-host';
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Largest API answer read, in bytes (4 MiB; LTX and useapi answers are a few KB). */
export const DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
/** Largest error body read for its message, in bytes (64 KiB); the rest is dropped, the status kept. */
export const MAX_ERROR_BODY_BYTES = 64 * 1024;
/** Longest wait for the next byte of an answer's body, in ms (20 s), within the request's timeout. */
export const DEFAULT_STALL_MS = 20_000;

/** One HTTP exchange, as {@link sendRequest} and {@link requestJson} take it. */
export interface HttpRequestOptions {
  provider: HttpProvider;
  method: HttpMethod;
  /** Full URL. Only its origin + path ever reach errors and logs. */
  url: string;
  /** Sent as `Authorization: Bearer <token>` and nowhere else; also redacted from every answer. */
  token?: string;
  headers?: Record<string, string>;
  /** Serialised as the JSON body with `Content-Type: application/json`. */
  json?: unknown;
  /** Raw body bytes (uploads); the caller sets `Content-Type`. */
  body?: Uint8Array;
  /** The caller's signal: aborting it rejects with an `AbortError`. */
  signal?: AbortSignal;
  /** Deadline of the whole exchange (headers and body), in milliseconds. */
  timeoutMs: number;
  /** Longest silence while the body arrives, ms. Default {@link DEFAULT_STALL_MS} (capped by `timeoutMs`). */
  stallMs?: number;
  /** Largest 2xx body read, bytes. Default {@link DEFAULT_MAX_RESPONSE_BYTES}. */
  maxResponseBytes?: number;
}

/** A 2xx answer with its body as text (secrets already redacted). */
export interface HttpResponse {
  status: number;
  /** A response header by name (case-insensitive), or null. */
  header(name: string): string | null;
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

/** The request headers: `accept`, the caller's, `Authorization` when a token is given, JSON's type. */
function buildHeaders(options: HttpRequestOptions): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.json !== undefined) headers['content-type'] = 'application/json';
  return headers;
}

/** The transport for `deps`: node's http/https for the default fetch, else the injected fetch. */
function transportOf(deps: HttpDeps): ExchangeTransport {
  if (deps.fetch === globalFetch) return nodeTransport;
  let transport = injected.get(deps.fetch);
  if (transport === undefined) {
    transport = fetchTransport(deps.fetch);
    injected.set(deps.fetch, transport);
  }
  return transport;
}
const injected = new WeakMap<typeof fetch, ExchangeTransport>();

const whereOf = (options: HttpRequestOptions) =>
  `${options.provider} ${options.method} ${redactUrl(options.url)}`;

/**
 * System error codes of a connection that never opened (no such host, refused, unreachable, a TLS
 * certificate refused): the request cannot have reached the server.
 */
const NEVER_CONNECTED = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** The error a guard cut, a timeout, an abort or a transport failure becomes (never a secret in it). */
function transportError(options: HttpRequestOptions, error: unknown): Error {
  const { provider, method, timeoutMs } = options;
  if (options.signal?.aborted) return abortError(options.signal);
  if (isBodyLimitError(error) && !error.afterHeaders) {
    return new TimeoutError(
      `${whereOf(options)} timed out after ${timeoutMs} ms`,
      { provider, timeoutMs },
      { cause: error },
    );
  }
  if (isBodyLimitError(error)) {
    if (error.reason === 'too-large') {
      return new NetworkError(
        `${whereOf(options)} sent an answer larger than ${formatLimit(options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES)}; an answer of this API is a few KB, so it was dropped unread`,
        { provider, requestSent: true },
        { cause: error },
      );
    }
    const what = error.reason === 'stall' ? `stalled (${error.message})` : `timed out after ${timeoutMs} ms`;
    return new TimeoutError(
      `${whereOf(options)} ${what} while its answer was arriving (${error.receivedBytes} bytes in)`,
      { provider, timeoutMs },
      { cause: error },
    );
  }
  if ((error as { name?: unknown })?.name === 'TimeoutError') {
    return new TimeoutError(
      `${whereOf(options)} timed out after ${timeoutMs} ms`,
      { provider, timeoutMs },
      { cause: error },
    );
  }
  const cause = redactSecrets(
    redactUrlText(describeCause(error).split(options.url).join(redactUrl(options.url))),
  );
  const code = systemErrorCode(error);
  const requestSent = method !== 'GET' && !(code !== undefined && NEVER_CONNECTED.has(code));
  return new NetworkError(
    `${whereOf(options)} failed: ${cause}`,
    { provider, requestSent, code },
    { cause: error },
  );
}

/**
 * Added to a 404 whose body is no provider error: both APIs answer their own 404s with an error body,
 * so this one came from something else (a base URL missing its path, a proxy, another server).
 */
const WRONG_ORIGIN_HINT = '. That answer is not from the API: check the API base URL';

function httpError(options: HttpRequestOptions, response: ExchangeAnswer, retryAfterMs?: number) {
  const text = response.text;
  let body: unknown;
  try {
    body = redactDeep(JSON.parse(text));
  } catch {
    body = undefined;
  }
  const requestId = redactSecrets(response.header('x-request-id') ?? '') || undefined;
  const info = extractProviderError(body);
  const detail = info.message ?? (text.trim().slice(0, 200) || redactSecrets(response.statusText));
  const message = `${whereOf(options)} failed with ${response.status}${info.type ? ` ${info.type}` : ''}: ${detail}${
    requestId ? ` (x-request-id ${requestId})` : ''
  }${response.status === 404 && info.type === undefined && info.message === undefined ? WRONG_ORIGIN_HINT : ''}`;
  return createHttpError(message, {
    status: response.status,
    provider: options.provider,
    method: options.method,
    url: redactUrl(options.url),
    ...(info.type !== undefined && { errorType: info.type }),
    ...(requestId !== undefined && { requestId }),
    ...(retryAfterMs !== undefined && { retryAfterMs }),
  });
}

/**
 * Sends one request (no retries) and returns a 2xx answer. Non-2xx answers become the matching
 * {@link createHttpError} subclass with status, provider error type, `x-request-id`, Retry-After,
 * method and origin+path. A caller abort rethrows an `AbortError`; the deadline (`timeoutMs`, headers
 * and body together) and a body that stalls give a {@link TimeoutError}; a body larger than
 * `maxResponseBytes` a {@link NetworkError}, read no further; anything else a {@link NetworkError}.
 * Every text of the answer has the registered secrets redacted before anything else sees it.
 * `requestSent` is false for a GET and for a connection that never opened (no such host, refused,
 * unreachable, certificate refused); any other failure of a POST/PUT/DELETE (a reset, a timeout) is
 * assumed to have arrived, so a billed submit is never sent twice.
 */
export async function sendRequest(deps: HttpDeps, options: HttpRequestOptions): Promise<HttpResponse> {
  const { timeoutMs } = options;
  if (options.signal?.aborted) throw abortError(options.signal);
  if (options.token !== undefined && !checkedTokens.has(options.token)) {
    assertHeaderSafeToken(options.token, `The ${options.provider} API key`);
    registerSecret(options.token);
    checkedTokens.add(options.token);
  }
  let answer: ExchangeAnswer;
  try {
    answer = await transportOf(deps)({
      method: options.method,
      url: options.url,
      headers: buildHeaders(options),
      body: options.json !== undefined ? JSON.stringify(options.json) : options.body,
      signal: options.signal,
      deadlineAt: performance.now() + timeoutMs,
      stallMs: Math.min(options.stallMs ?? DEFAULT_STALL_MS, timeoutMs),
      maxBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      maxErrorBytes: MAX_ERROR_BODY_BYTES,
    });
  } catch (error) {
    throw transportError(options, error);
  }
  const text = redactSecrets(answer.text);
  const retryAfter = answer.header('retry-after');
  const retryAfterMs = retryAfter === null ? undefined : parseRetryAfter(retryAfter, deps.now());
  if (!isOkStatus(answer.status)) {
    const error = httpError(options, { ...answer, text }, retryAfterMs);
    deps.logger.debug('http', {
      provider: options.provider,
      method: options.method,
      url: error.url,
      status: answer.status,
    });
    throw error;
  }
  const requestId = answer.header('x-request-id');
  const response: HttpResponse = { status: answer.status, header: answer.header, text };
  if (requestId !== null) response.requestId = redactSecrets(requestId);
  if (retryAfterMs !== undefined) response.retryAfterMs = retryAfterMs;
  return response;
}

/** Tokens already checked and registered as secrets (checking costs a regex per call otherwise). */
const checkedTokens = new Set<string>();

/** A 2xx answer whose body was parsed as JSON and checked against a schema. */
export interface JsonResponse<T> extends HttpResponse {
  data: T;
}

/** `$.a[0].b` for a zod issue path. */
function jsonPath(path: readonly PropertyKey[]): string {
  return `$${path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}`;
}

/**
 * {@link sendRequest}, then parses the body as JSON and checks it with `schema`. A 2xx body that is
 * not JSON or does not match throws a {@link NetworkError} (`requestSent: true`, so a submit is never
 * repeated; a status read treats it as transient), naming provider, method and path. Secrets are
 * redacted from every string of the parsed body, escaped spellings included.
 */
export async function requestJson<T>(
  deps: HttpDeps,
  options: HttpRequestOptions & { schema: z.ZodType<T> },
): Promise<JsonResponse<T>> {
  const response = await sendRequest(deps, options);
  const where = () => `${options.provider} ${options.method} ${new URL(options.url).pathname}`;
  let body: unknown;
  try {
    body = JSON.parse(response.text);
  } catch (error) {
    throw new NetworkError(
      `malformed JSON from ${where()} (status ${response.status})`,
      { provider: options.provider, requestSent: true },
      { cause: error },
    );
  }
  // The raw text is already clean; only an escape (\uXXXX) can spell a secret differently.
  if (response.text.includes('\\u')) body = redactDeep(body);
  const parsed = options.schema.safeParse(body);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new NetworkError(
      `unexpected response from ${where()} (status ${response.status}): ${first ? jsonPath(first.path) : '$'}: ${first?.message ?? 'invalid'}`,
      { provider: options.provider, requestSent: true },
      { cause: parsed.error },
    );
  }
  return { ...response, data: parsed.data };
}
