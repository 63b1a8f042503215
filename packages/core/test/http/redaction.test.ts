import { mkdtempSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeps } from '../../src/deps.js';
import { isHttpError } from '../../src/errors/http-error.js';
import { redactingLogger } from '../../src/http/redacting-logger.js';
import { REDACTED, redactDeep, redactSecrets, registerSecret } from '../../src/http/secrets.js';
import type { ProviderName } from '../../src/job.js';
import type { ProviderClient } from '../../src/provider.js';
import { createLtxClient } from '../../src/providers/ltx/client.js';
import { createUseapiClient } from '../../src/providers/useapi/client.js';
import { recordingLogger, rejectionOf } from './fakes.js';
import { type Behaviour, startHostileServer } from './hostile-server.js';

const LTX_KEY = 'ltxv_live_9f8e7d6c5b4a39281706';
const USEAPI_TOKEN = 'user:1234-r8Qz3kLmN0pXvW5yT';

/** The value of the Authorization header as the server got it, e.g. `Bearer ltxv_…`. */
const auth = (req: IncomingMessage) => req.headers.authorization ?? '';

/** An error answer of the provider's own shape with the Authorization header echoed three ways. */
function echo(provider: ProviderName, status: number): Behaviour {
  return {
    kind: 'json',
    status,
    headers: { 'x-request-id': 'req-1' },
    body: (req: IncomingMessage) =>
      provider === 'ltx'
        ? {
            type: 'error',
            error: {
              type: 'invalid_request_error',
              message: `Header was: ${auth(req)} (${JSON.stringify(auth(req))})`,
            },
          }
        : { error: `Unauthorized: ${auth(req)}; encoded ${encodeURIComponent(auth(req))}`, code: status },
  };
}

/** A failed job whose message echoes the header (escaped as \u sequences too). */
function failedJob(provider: ProviderName): Behaviour {
  return {
    kind: 'json',
    status: 200,
    body: (req: IncomingMessage) => {
      const header = auth(req);
      const escaped = [...header].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
      return provider === 'ltx'
        ? `{"id":"j1","status":"failed","error":{"type":"api_error","message":"proxy saw ${header} / ${escaped}"}}`
        : JSON.stringify({
            jobId: 'email:a@b.c-job:1-type:video',
            status: { type: 'failed', message: `proxy saw ${header}` },
            code: 200,
          });
    },
  };
}

const STATUSES = [400, 401, 402, 403, 404, 500];

describe('secrets from a server that echoes the Authorization header', () => {
  let plan: Behaviour = { kind: 'silent' };
  let server: Awaited<ReturnType<typeof startHostileServer>>;
  let dir: string;
  const logger = recordingLogger();
  const deps = createDeps({ logger });
  let clients: Record<ProviderName, ProviderClient>;

  beforeAll(async () => {
    server = await startHostileServer(() => plan);
    dir = mkdtempSync(join(tmpdir(), 'ltx-redact-'));
    writeFileSync(join(dir, 'start.png'), new Uint8Array(64).fill(1));
    writeFileSync(join(dir, 'voice.m4a'), new Uint8Array(64).fill(2));
    clients = {
      ltx: createLtxClient({ apiKey: LTX_KEY, baseUrl: server.url, deps, submitRetry: { maxRetries: 0 } }),
      useapi: createUseapiClient({ apiToken: USEAPI_TOKEN, baseUrl: server.url, deps }),
    };
  });
  afterAll(() => server.close());

  const ops = {
    submit: (p: ProviderName) =>
      p === 'ltx'
        ? clients.ltx.submit('text-to-video', {
            prompt: 'a lighthouse',
            model: 'ltx-2-3-fast',
            resolution: '1920x1080',
            duration: 6,
          })
        : clients.useapi.submit('videos/ltx-create', { prompt: 'paper boats', model: 'ltxv-turbo' }),
    status: (p: ProviderName) =>
      clients[p].status(
        p === 'ltx'
          ? { provider: 'ltx', endpoint: 'text-to-video', id: 'j1' }
          : { provider: 'useapi', id: 'email:a@b.c-job:1-type:video' },
      ),
    upload: (p: ProviderName) =>
      p === 'ltx'
        ? clients.ltx.resolveMedia(
            'audio-to-video',
            { audio_uri: 'voice.m4a', prompt: 'x' },
            { baseDir: dir },
          )
        : clients.useapi.resolveMedia(
            'videos/ltx-create',
            { prompt: 'x', startAssetId: 'start.png' },
            { baseDir: dir },
          ),
  };

  const cases = (['ltx', 'useapi'] as const).flatMap((provider) =>
    (['submit', 'status', 'upload'] as const).flatMap((op) =>
      STATUSES.map((status) => [provider, op, status] as const),
    ),
  );

  it.each(cases)(
    '%s %s answered %s: the error names the status and holds no key',
    async (provider, op, status) => {
      plan = echo(provider, status);
      const error = await rejectionOf(ops[op](provider));
      expect(isHttpError(error)).toBe(true);
      const text = `${(error as Error).message} ${JSON.stringify(error)} ${String((error as Error).stack)}`;
      expect(text).toContain(`failed with ${status}`);
      expect(text).toContain(REDACTED);
      for (const secret of [LTX_KEY, USEAPI_TOKEN, encodeURIComponent(USEAPI_TOKEN), LTX_KEY.slice(0, 12)]) {
        expect(text).not.toContain(secret);
      }
      expect(server.requests.at(-1)?.authorization).toBe(
        `Bearer ${provider === 'ltx' ? LTX_KEY : USEAPI_TOKEN}`,
      );
    },
  );

  it.each(['ltx', 'useapi'] as const)(
    '%s: a failed job echoing the key keeps no trace of it',
    async (provider) => {
      plan = failedJob(provider);
      const { job } = await ops.status(provider);
      expect(job.state).toBe('failed');
      const text = JSON.stringify(job);
      expect(text).toContain(REDACTED);
      expect(text).not.toContain(LTX_KEY);
      expect(text).not.toContain(USEAPI_TOKEN);
    },
  );

  it('a non-JSON error body and an echoing x-request-id are cleaned too', async () => {
    plan = {
      kind: 'json',
      status: 502,
      headers: { 'x-request-id': `req ${LTX_KEY}` },
      body: (req: IncomingMessage) => `<html>bad gateway for ${auth(req)}</html>`,
    };
    const error = await rejectionOf(ops.status('ltx'));
    expect((error as Error).message).toBe(
      `ltx GET ${server.url}/v2/text-to-video/j1 failed with 502: <html>bad gateway for Bearer ${REDACTED}</html> (x-request-id req ${REDACTED})`,
    );
  });

  it('nothing the clients logged holds a key', () => {
    expect(logger.lines.length).toBeGreaterThan(0);
    const all = logger.lines.join('\n');
    expect(all).not.toContain(LTX_KEY);
    expect(all).not.toContain(USEAPI_TOKEN);
  });
});

describe('redactSecrets', () => {
  const KEY = 'sk-test/abc"def\\ghi-0123456789';
  registerSecret(KEY);

  it.each([
    ['raw', `x ${KEY} y`],
    ['JSON-escaped', `x ${JSON.stringify(KEY)} y`],
    ['JSON-escaped with \\/', `x ${JSON.stringify(KEY).replaceAll('/', '\\/')} y`],
    ['URL-encoded', `x ${encodeURIComponent(KEY)} y`],
    ['cut off after 8 characters', `x ${KEY.slice(0, 12)}`],
  ])('removes the %s spelling', (_, text) => {
    const out = redactSecrets(text);
    expect(out).toContain(REDACTED);
    expect(out).not.toContain(KEY.slice(0, 8));
    expect(out.startsWith('x ')).toBe(true);
  });

  it('ignores keys shorter than 8 characters and leaves other text alone', () => {
    registerSecret('abc');
    expect(redactSecrets('abc is fine, and so is sk-test without the rest')).toBe(
      'abc is fine, and so is sk-test without the rest',
    );
  });

  it('redactDeep cleans strings and keys and keeps __proto__ an own key', () => {
    const value = JSON.parse(`{"a":["${KEY.slice(0, 9)}"],"__proto__":{"k":1},"${'sk-test/'}abc":2}`);
    const out = redactDeep(value) as Record<string, unknown>;
    expect(out.a).toEqual([REDACTED]);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toContain('__proto__');
    const clean = { a: 1, b: ['c'] };
    expect(redactDeep(clean)).toBe(clean);
  });

  it('redactingLogger cleans message and fields before the sink sees them', () => {
    const sink = recordingLogger();
    redactingLogger(sink).warn(`saw ${KEY}`, { nested: { text: `k=${KEY}` } });
    expect(sink.lines.join('')).not.toContain(KEY.slice(0, 8));
  });
});
