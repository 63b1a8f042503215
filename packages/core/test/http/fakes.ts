import { readFileSync } from 'node:fs';
import { createDeps, type Deps, type Logger } from '../../src/deps.js';

/** A fixture from /work/shared/fixtures (the public docs' own examples). */
export function fixture(path: string): unknown {
  return JSON.parse(readFileSync(new URL(`../../../../../shared/fixtures/${path}`, import.meta.url), 'utf8'));
}

/** One request the fake fetch saw. */
export interface RecordedCall {
  url: string;
  method: string;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** Text for JSON bodies, bytes for uploads. */
  body: string | Uint8Array | undefined;
  signal: AbortSignal | undefined;
}

type Reply = Response | Error | ((call: RecordedCall) => Response | Promise<Response>);

/** A JSON response. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/**
 * A fetch that answers from `replies` in order (an Error is thrown as the network failure) and records
 * every call. Throws when it runs out, so an unexpected extra call fails the test.
 */
export function fakeFetch(replies: Reply[]) {
  const calls: RecordedCall[] = [];
  const queue = [...replies];
  const fetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, key) => {
      headers[key] = value;
    });
    const body =
      init.body === undefined || init.body === null ? undefined : (init.body as string | Uint8Array);
    const call: RecordedCall = {
      url: String(input),
      method: init.method ?? 'GET',
      headers,
      body,
      signal: init.signal ?? undefined,
    };
    calls.push(call);
    const reply = queue.shift();
    if (reply === undefined) throw new Error(`fake fetch: unexpected call ${call.method} ${call.url}`);
    if (reply instanceof Error) throw reply;
    return typeof reply === 'function' ? reply(call) : reply;
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

/** A fetch reply that never answers until the request's signal aborts, then rejects like fetch. */
export function hang(): (call: RecordedCall) => Promise<Response> {
  return (call) =>
    new Promise((_resolve, reject) => {
      call.signal?.addEventListener('abort', () => reject(call.signal?.reason), { once: true });
    });
}

/** One call a {@link recordingLogger} saw. */
export interface LogCall {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  fields: Record<string, unknown> | undefined;
}

/**
 * A logger that keeps every call, to assert on what was (and was not) logged: `calls` as given,
 * `lines` as `<level> <message> <fields as JSON>` text (to search for a secret).
 */
export function recordingLogger(): Logger & { calls: LogCall[]; readonly lines: string[] } {
  const calls: LogCall[] = [];
  const at = (level: LogCall['level']) => (message: string, fields?: Record<string, unknown>) => {
    calls.push({ level, message, fields });
  };
  return {
    calls,
    get lines() {
      return calls.map((c) => `${c.level} ${c.message} ${JSON.stringify(c.fields ?? {})}`);
    },
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
}

/** What `promise` rejected with; fails the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/** Deps with a fake fetch, a fixed clock, `random` = 0 and a sleep that records delays and returns at once. */
export function testDeps(replies: Reply[], overrides: Partial<Deps> = {}) {
  const { fetch, calls } = fakeFetch(replies);
  const sleeps: number[] = [];
  const logger = recordingLogger();
  const deps = createDeps({
    fetch,
    now: () => Date.parse('2026-01-15T10:05:00.000Z'),
    random: () => 0,
    logger,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...overrides,
  });
  return { deps, calls, sleeps, logger };
}

/** A network failure like undici's (`TypeError: fetch failed`, cause ECONNRESET). */
export function connectionReset(): Error {
  return new TypeError('fetch failed', {
    cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
  });
}
