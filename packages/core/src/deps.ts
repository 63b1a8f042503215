import { redactingLogger } from './http/redacting-logger.js';

/**
 * The side effects the core needs, passed in as one object so tests can replace them
 * (house style: time is a dependency). Build one with {@link createDeps}.
 */
export interface Deps {
  /**
   * WHATWG fetch. Default: {@link globalFetch} (undici in Node 20), for which the API clients use node's
   * http/https instead; a fetch given here is used as it is (tests, a fetch with a proxy).
   */
  fetch: typeof fetch;
  /** Waits `ms` milliseconds; rejects with an `AbortError` as soon as `signal` aborts. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Wall-clock time in epoch milliseconds. Default: `Date.now`. */
  now: () => number;
  /** A number in [0, 1), used for jitter. Default: `Math.random`. */
  random: () => number;
  /** Where the core reports what it does. Default: {@link silentLogger}. Never given a secret. */
  logger: Logger;
}

/** Structured log sink. `fields` must never hold a token; the core redacts before it logs. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** A logger that drops everything. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** An `AbortError` like the one `fetch` throws, carrying the signal's reason as `cause`. */
export function abortError(signal?: AbortSignal): Error {
  const err = new Error('The operation was aborted', { cause: signal?.reason });
  err.name = 'AbortError';
  return err;
}

/** True for the `AbortError` thrown by `fetch`, {@link Deps.sleep} or {@link abortError}. */
export function isAbortError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';
}

/** A real, abortable sleep. */
export function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError(signal));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The global `fetch`, as {@link createDeps} puts it in `Deps.fetch`. The API clients recognise it and
 * talk through node's http/https instead (cheaper per call, and they own the socket); any other fetch
 * given in `Deps` is used as it is.
 */
export const globalFetch: typeof fetch = (input, init) => globalThis.fetch(input, init);

/**
 * The production dependencies, with any of them replaced by `overrides`. The logger (given or silent)
 * is wrapped so registered secrets are redacted from everything logged.
 */
export function createDeps(overrides: Partial<Deps> = {}): Deps {
  return {
    fetch: globalFetch,
    sleep: realSleep,
    now: () => Date.now(),
    random: () => Math.random(),
    ...overrides,
    logger: redactingLogger(overrides.logger ?? silentLogger),
  };
}
