import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isAbortError } from '../../src/deps.js';
import { isConfigError } from '../../src/errors/config-error.js';
import {
  type HttpError,
  isAuthError,
  isHttpError,
  isNotFoundError,
  isRateLimitError,
  isServerError,
} from '../../src/errors/http-error.js';
import { isNetworkError, type NetworkError } from '../../src/errors/network-error.js';
import { isTimeoutError, type TimeoutError } from '../../src/errors/timeout-error.js';
import { extractProviderError } from '../../src/http/provider-error.js';
import { requestJson, sendRequest } from '../../src/http/request.js';
import { connectionReset, fixture, hang, json, rejectionOf, testDeps } from './fakes.js';

const TOKEN = 'sk-live-secret-token-123';
const URL_ = 'https://api.ltx.video/v2/text-to-video/abc?x=1';

describe('sendRequest error mapping', () => {
  it.each([
    ['ltx/error-402.json', 402, 'insufficient_funds_error', isHttpError, 'http'],
    ['ltx/error-404.json', 404, 'not_found_error', isNotFoundError, 'not-found'],
    ['ltx/error-429.json', 429, 'rate_limit_error', isRateLimitError, 'rate-limit'],
  ])('%s -> %s %s', async (file, status, errorType, guard, kind) => {
    const body = fixture(file) as { error: { message: string } };
    const { deps } = testDeps([json(body, status, { 'x-request-id': 'req-42', 'retry-after': '7' })]);
    const error = (await rejectionOf(
      sendRequest(deps, { provider: 'ltx', method: 'GET', url: URL_, token: TOKEN, timeoutMs: 1000 }),
    )) as HttpError;
    expect(guard(error)).toBe(true);
    expect(error.kind).toBe(kind);
    expect(error.status).toBe(status);
    expect(error.provider).toBe('ltx');
    expect(error.errorType).toBe(errorType);
    expect(error.requestId).toBe('req-42');
    expect(error.retryAfterMs).toBe(7000);
    expect(error.method).toBe('GET');
    expect(error.url).toBe('https://api.ltx.video/v2/text-to-video/abc');
    expect(error.message).toBe(
      `ltx GET https://api.ltx.video/v2/text-to-video/abc failed with ${status} ${errorType}: ${body.error.message} (x-request-id req-42)`,
    );
  });

  it.each([
    ['useapi/error-400.json', 400, isHttpError, 'Error message'],
    ['useapi/error-401.json', 401, isAuthError, 'Unauthorized'],
  ])('useapi %s -> %s with its message and no errorType', async (file, status, guard, message) => {
    const { deps } = testDeps([json(fixture(file), status)]);
    const error = (await rejectionOf(
      sendRequest(deps, {
        provider: 'useapi',
        method: 'GET',
        url: 'https://api.useapi.net/v1/ltxstudio/assets/x',
        timeoutMs: 1000,
      }),
    )) as HttpError;
    expect(guard(error)).toBe(true);
    expect(error.status).toBe(status);
    expect(error.errorType).toBeUndefined();
    expect(error.message).toContain(`failed with ${status}: ${message}`);
  });

  it('a 404 that is no provider error (a base URL missing its path) says to check the base URL', async () => {
    const { deps } = testDeps([
      json({ simulator: 'x', prefixes: ['/ltx'] }, 404),
      new Response('Not Found', { status: 404 }),
      json(fixture('ltx/error-404.json'), 404),
    ]);
    const options = { provider: 'ltx' as const, method: 'POST' as const, url: URL_, timeoutMs: 1000 };
    for (const _ of [1, 2]) {
      const error = (await rejectionOf(sendRequest(deps, options))) as HttpError;
      expect(isNotFoundError(error)).toBe(true);
      expect(error.message).toMatch(
        /failed with 404: .*\. That answer is not from the API: check the API base URL$/,
      );
    }
    const real = (await rejectionOf(sendRequest(deps, options))) as HttpError;
    expect(real.message).not.toContain('base URL');
  });

  it('maps 503 and 529 to ServerError and keeps a non-JSON body snippet', async () => {
    const { deps } = testDeps([
      new Response('<html>upstream down</html>', { status: 503 }),
      json({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }, 529),
    ]);
    const options = { provider: 'ltx' as const, method: 'GET' as const, url: URL_, timeoutMs: 1000 };
    const first = (await rejectionOf(sendRequest(deps, options))) as HttpError;
    expect(isServerError(first)).toBe(true);
    expect(first.message).toContain('failed with 503: <html>upstream down</html>');
    const second = (await rejectionOf(sendRequest(deps, options))) as HttpError;
    expect(isServerError(second)).toBe(true);
    expect(second.errorType).toBe('overloaded_error');
  });

  it('sends the token only in the Authorization header and never puts it in errors or logs', async () => {
    const { deps, calls, logger } = testDeps([json(fixture('ltx/error-429.json'), 429)]);
    const error = (await rejectionOf(
      sendRequest(deps, {
        provider: 'ltx',
        method: 'POST',
        url: URL_,
        token: TOKEN,
        json: { a: 1 },
        timeoutMs: 1000,
      }),
    )) as HttpError;
    expect(calls[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(calls[0]?.headers['content-type']).toBe('application/json');
    expect(calls[0]?.body).toBe('{"a":1}');
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain(TOKEN);
    expect(logger.lines.join('\n')).not.toContain(TOKEN);
    expect(logger.lines.join('\n')).not.toContain('x=1');
  });

  it.each([
    ['a line break', 'sk-live\nsecret'],
    ['a space', 'sk-live secret'],
    ['a typographic quote', '\u201csk-live-secret\u201d'],
  ])('refuses a token with %s before fetch, without quoting it', async (_, token) => {
    // Real fetch would reject such a header with a TypeError that quotes the value, key included.
    const { deps, calls } = testDeps([]);
    const error = (await rejectionOf(
      sendRequest(deps, { provider: 'ltx', method: 'GET', url: URL_, token, timeoutMs: 1000 }),
    )) as Error;
    expect(isConfigError(error)).toBe(true);
    expect(error.message).toMatch(/^The ltx API key contains a character that cannot be sent/);
    expect(error.message).not.toContain('secret');
    expect(calls).toHaveLength(0);
  });

  it('scrubs the token from a transport error that quotes it', async () => {
    const quoting = new TypeError(`Headers.append: "Bearer ${TOKEN}" is an invalid header value.`);
    const { deps } = testDeps([quoting]);
    const error = (await rejectionOf(
      sendRequest(deps, { provider: 'ltx', method: 'GET', url: URL_, token: TOKEN, timeoutMs: 1000 }),
    )) as NetworkError;
    expect(isNetworkError(error)).toBe(true);
    expect(error.message).toContain('"Bearer [redacted]"');
    expect(error.message).not.toContain(TOKEN);
  });
});

describe('sendRequest transport failures', () => {
  it.each([
    ['POST', true],
    ['PUT', true],
    ['DELETE', true],
    ['GET', false],
  ] as const)('a reset on %s is a NetworkError with requestSent %s', async (method, requestSent) => {
    const { deps } = testDeps([connectionReset()]);
    const error = (await rejectionOf(
      sendRequest(deps, { provider: 'ltx', method, url: URL_, token: TOKEN, timeoutMs: 1000 }),
    )) as NetworkError;
    expect(isNetworkError(error)).toBe(true);
    expect(error.requestSent).toBe(requestSent);
    expect(error.provider).toBe('ltx');
    expect(error.message).toBe(
      `ltx ${method} https://api.ltx.video/v2/text-to-video/abc failed: fetch failed (ECONNRESET)`,
    );
  });

  it('turns the per-request timeout into a TimeoutError', async () => {
    const { deps } = testDeps([hang()]);
    const error = (await rejectionOf(
      sendRequest(deps, { provider: 'useapi', method: 'GET', url: URL_, timeoutMs: 5 }),
    )) as TimeoutError;
    expect(isTimeoutError(error)).toBe(true);
    expect(error.timeoutMs).toBe(5);
    expect(error.message).toBe('useapi GET https://api.ltx.video/v2/text-to-video/abc timed out after 5 ms');
  });

  it('rethrows an AbortError when the caller aborts, not a timeout', async () => {
    const controller = new AbortController();
    const { deps, calls } = testDeps([
      (call) => {
        const pending = hang()(call);
        controller.abort(new Error('user cancelled'));
        return pending;
      },
    ]);
    const error = await rejectionOf(
      sendRequest(deps, {
        provider: 'ltx',
        method: 'GET',
        url: URL_,
        timeoutMs: 60_000,
        signal: controller.signal,
      }),
    );
    expect(isAbortError(error)).toBe(true);
    expect(isTimeoutError(error)).toBe(false);
    expect(calls).toHaveLength(1);
  });

  it('leaves no listener on the caller signal after requests end', async () => {
    const controller = new AbortController();
    const { deps } = testDeps([
      json({}),
      connectionReset(),
      json({ type: 'error', error: { type: 'api_error', message: 'x' } }, 500),
    ]);
    const options = {
      provider: 'ltx' as const,
      method: 'GET' as const,
      url: URL_,
      timeoutMs: 1000,
      signal: controller.signal,
    };
    await sendRequest(deps, options);
    await rejectionOf(sendRequest(deps, options));
    await rejectionOf(sendRequest(deps, options));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('does not call fetch when the caller signal is already aborted', async () => {
    const { deps, calls } = testDeps([]);
    const error = await rejectionOf(
      sendRequest(deps, {
        provider: 'ltx',
        method: 'GET',
        url: URL_,
        timeoutMs: 1000,
        signal: AbortSignal.abort(),
      }),
    );
    expect(isAbortError(error)).toBe(true);
    expect(calls).toHaveLength(0);
  });
});

describe('requestJson', () => {
  const schema = z.object({ id: z.string() });

  it('returns parsed data with request id and Retry-After of a 2xx', async () => {
    const { deps } = testDeps([json({ id: 'j1' }, 200, { 'x-request-id': 'r1', 'retry-after': '3' })]);
    const response = await requestJson(deps, {
      provider: 'ltx',
      method: 'GET',
      url: URL_,
      timeoutMs: 1000,
      schema,
    });
    expect(response.data).toEqual({ id: 'j1' });
    expect(response.requestId).toBe('r1');
    expect(response.retryAfterMs).toBe(3000);
  });

  it('treats malformed JSON in a 2xx as a NetworkError with requestSent', async () => {
    const { deps } = testDeps([new Response('{"id": "j1"', { status: 200 })]);
    const error = (await rejectionOf(
      requestJson(deps, { provider: 'ltx', method: 'GET', url: URL_, timeoutMs: 1000, schema }),
    )) as NetworkError;
    expect(isNetworkError(error)).toBe(true);
    expect(error.requestSent).toBe(true);
    expect(error.message).toBe('malformed JSON from ltx GET /v2/text-to-video/abc (status 200)');
  });

  it('treats a 2xx body of the wrong shape as a NetworkError naming the field', async () => {
    const { deps } = testDeps([json({ id: 5 })]);
    const error = (await rejectionOf(
      requestJson(deps, { provider: 'useapi', method: 'GET', url: URL_, timeoutMs: 1000, schema }),
    )) as NetworkError;
    expect(isNetworkError(error)).toBe(true);
    expect(error.message).toContain(
      'unexpected response from useapi GET /v2/text-to-video/abc (status 200): $.id:',
    );
  });
});

describe('extractProviderError', () => {
  it.each([
    [
      fixture('ltx/error-402.json'),
      { type: 'insufficient_funds_error', message: 'Insufficient funds. Required: 120 credits' },
    ],
    [fixture('useapi/error-401.json'), { message: 'Unauthorized' }],
    [{ message: 'plain' }, { message: 'plain' }],
    ['text', {}],
    [null, {}],
  ])('%j -> %j', (body, expected) => {
    expect(extractProviderError(body)).toEqual(expected);
  });
});
