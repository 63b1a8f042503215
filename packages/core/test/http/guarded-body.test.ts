import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createDeps, isAbortError } from '../../src/deps.js';
import { isNetworkError, type NetworkError } from '../../src/errors/network-error.js';
import { isTimeoutError, type TimeoutError } from '../../src/errors/timeout-error.js';
import { guardBody, isBodyLimitError, readBodyText } from '../../src/http/guarded-body.js';
import { requestJson, sendRequest } from '../../src/http/request.js';
import { rejectionOf } from './fakes.js';
import { type Behaviour, startHostileServer } from './hostile-server.js';

// The default deps talk through node:http; an injected fetch (here: the real one) goes through fetch.
const transports = [
  ['node:http (default)', createDeps()],
  ['an injected fetch', createDeps({ fetch: (input, init) => globalThis.fetch(input, init) })],
] as const;
const schema = z.looseObject({ id: z.string() });
const BODY = JSON.stringify({ id: 'job-1', status: 'pending', padding: 'x'.repeat(200) });

let server: Awaited<ReturnType<typeof startHostileServer>> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(how: Behaviour) {
  server = await startHostileServer(() => how);
  return server;
}

/** Waits (bounded) until the server saw its connection closed. */
async function closedByClient(s: NonNullable<typeof server>): Promise<number | undefined> {
  for (let i = 0; i < 100 && s.requests[0]?.closedAfterMs === undefined; i++) {
    await new Promise((r) => setTimeout(r, 20));
  }
  return s.requests[0]?.closedAfterMs;
}

describe.each(transports)('sendRequest over %s against a misbehaving server', (_, deps) => {
  it('ends a body that trickles past the deadline with a TimeoutError and closes the connection', async () => {
    // One byte every 100 ms: the whole body would take 25 s; headers come at once.
    const s = await serve({ kind: 'trickle', body: BODY, everyMs: 100 });
    const error = (await rejectionOf(
      requestJson(deps, { provider: 'ltx', method: 'GET', url: `${s.url}/v2/t/1`, timeoutMs: 1500, schema }),
    )) as TimeoutError;
    expect(isTimeoutError(error)).toBe(true);
    expect(error.message).toMatch(
      /^ltx GET http:\/\/127\.0\.0\.1:\d+\/v2\/t\/1 timed out after 1500 ms while its answer was arriving \(\d+ bytes in\)$/,
    );
    expect(await closedByClient(s)).toBeDefined();
    expect(s.requests[0]?.sentBytes).toBeLessThan(BODY.length);
  });

  it('ends a body that stops arriving after the stall limit, well before the deadline', async () => {
    const s = await serve({ kind: 'stall', body: BODY });
    const error = (await rejectionOf(
      requestJson(deps, {
        provider: 'useapi',
        method: 'GET',
        url: `${s.url}/v1/ltxstudio/assets/x`,
        timeoutMs: 30_000,
        stallMs: 150,
        schema,
      }),
    )) as TimeoutError;
    expect(isTimeoutError(error)).toBe(true);
    expect(error.message).toContain('stalled (no data for 150 ms) while its answer was arriving');
    expect(await closedByClient(s)).toBeLessThan(5000);
  });

  it('drops an endless body at 4 MiB without growing the heap, and closes the connection', async () => {
    const s = await serve({ kind: 'endless', chunkBytes: 64 * 1024 });
    globalThis.gc?.();
    const before = process.memoryUsage();
    const error = (await rejectionOf(
      requestJson(deps, {
        provider: 'ltx',
        method: 'GET',
        url: `${s.url}/v2/t/1`,
        timeoutMs: 20_000,
        schema,
      }),
    )) as NetworkError;
    const after = process.memoryUsage();
    expect(isNetworkError(error)).toBe(true);
    expect(error.requestSent).toBe(true);
    expect(error.message).toMatch(
      /sent an answer larger than 4 MiB; an answer of this API is a few KB, so it was dropped unread$/,
    );
    expect(await closedByClient(s)).toBeDefined();
    // What was read is at most the limit plus one chunk; the rest never left the server's buffers.
    expect(after.rss - before.rss).toBeLessThan(64 * 1024 * 1024);
    expect(s.requests[0]?.sentBytes).toBeLessThan(64 * 1024 * 1024);
  });

  it('refuses a declared 500 MB answer before reading any of it', async () => {
    const s = await serve({ kind: 'declared', bytes: 500 * 1024 * 1024 });
    const error = (await rejectionOf(
      sendRequest(deps, {
        provider: 'useapi',
        method: 'POST',
        url: `${s.url}/v1/ltxstudio/videos/ltx-create`,
        timeoutMs: 5000,
      }),
    )) as NetworkError;
    expect(isNetworkError(error)).toBe(true);
    expect(error.message).toContain('sent an answer larger than 4 MiB');
    expect(await closedByClient(s)).toBeDefined();
  });

  it('times out a server that never answers, and closes the connection', async () => {
    const s = await serve({ kind: 'silent' });
    const error = (await rejectionOf(
      sendRequest(deps, { provider: 'ltx', method: 'GET', url: `${s.url}/v2/t/1`, timeoutMs: 200 }),
    )) as TimeoutError;
    expect(isTimeoutError(error)).toBe(true);
    expect(error.message).toMatch(/timed out after 200 ms$/);
    expect(await closedByClient(s)).toBeDefined();
  });

  it('rejects with an AbortError when the caller aborts mid-body, and closes the connection', async () => {
    const s = await serve({ kind: 'trickle', body: BODY, everyMs: 30 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const error = await rejectionOf(
      sendRequest(deps, {
        provider: 'ltx',
        method: 'GET',
        url: `${s.url}/v2/t/1`,
        timeoutMs: 30_000,
        signal: controller.signal,
      }),
    );
    expect(isAbortError(error)).toBe(true);
    expect(await closedByClient(s)).toBeDefined();
  });
});

describe('a connection that never opened', () => {
  it.each(transports)(
    'over %s: a POST to a closed port was not sent (requestSent false, ECONNREFUSED)',
    async (_, deps) => {
      const s = await startHostileServer(() => ({ kind: 'silent' }));
      const url = `${s.url}/v2/text-to-video`;
      await s.close();
      const error = (await rejectionOf(
        sendRequest(deps, { provider: 'ltx', method: 'POST', url, json: {}, timeoutMs: 5000 }),
      )) as NetworkError;
      expect(isNetworkError(error)).toBe(true);
      expect(error.code).toBe('ECONNREFUSED');
      expect(error.requestSent).toBe(false);
    },
  );
});

describe('guardBody', () => {
  /** A stream that yields one chunk, then never settles a read and ignores cancel (Node 20's lost abort). */
  function deafStream(onCancel: () => void) {
    let sent = false;
    return new ReadableStream<Uint8Array>({
      pull(controller) {
        if (!sent) {
          sent = true;
          controller.enqueue(new Uint8Array([123]));
          return;
        }
        return new Promise<void>(() => {});
      },
      cancel() {
        onCancel();
        return new Promise<void>(() => {});
      },
    });
  }

  it('settles at its deadline even when the stream never does, and cancels the stream', async () => {
    let cancelled = false;
    let cutWith: Error | undefined;
    const body = guardBody(
      deafStream(() => {
        cancelled = true;
      }),
      { deadlineAt: performance.now() + 100, onCut: (e) => (cutWith = e) },
    );
    expect(await body.read()).toEqual(new Uint8Array([123]));
    const error = await rejectionOf(body.read());
    expect(isBodyLimitError(error)).toBe(true);
    expect((error as { reason: string }).reason).toBe('deadline');
    expect(cancelled).toBe(true);
    expect(cutWith).toBe(error);
  });

  it('settles on an abort even when the stream never does', async () => {
    const controller = new AbortController();
    const body = guardBody(
      deafStream(() => {}),
      { signal: controller.signal },
    );
    await body.read();
    const pending = rejectionOf(body.read());
    controller.abort();
    expect(isAbortError(await pending)).toBe(true);
  });

  it('counts bytes and stops past maxBytes', async () => {
    const chunks = [new Uint8Array(10), new Uint8Array(10), new Uint8Array(10)];
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift();
        if (next) controller.enqueue(next);
        else controller.close();
      },
    });
    const error = await rejectionOf(readBodyText(new Response(stream), { maxBytes: 25 }));
    expect(isBodyLimitError(error)).toBe(true);
    expect((error as Error).message).toBe('the answer is larger than 25 bytes');
  });

  it('reads a body split inside a UTF-8 character', async () => {
    const bytes = new TextEncoder().encode('{"m":"café ✓"}');
    const parts = [bytes.slice(0, 9), bytes.slice(9, 13), bytes.slice(13)];
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = parts.shift();
        if (next) controller.enqueue(next);
        else controller.close();
      },
    });
    expect(await readBodyText(new Response(stream), { maxBytes: 100 })).toBe('{"m":"café ✓"}');
  });
});
