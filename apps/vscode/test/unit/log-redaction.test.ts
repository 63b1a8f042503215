import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createDeps,
  createJobRunner,
  createLtxClient,
  createMemoryLedgerStore,
  LTX_ENDPOINTS,
} from '@ltx-jobs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as vscode from 'vscode';
import { createLazyClient } from '../../src/services/lazy-client.js';
import { createChannelLogger } from '../../src/services/logger.js';

const KEY = 'ltxv_live_vscode_0123456789abcdef';

/** The extension's log path (channel logger -> core deps) against a server that echoes the key. */
describe('the LTX Jobs log channel when a server echoes the key', () => {
  let server: Server;
  let base = '';
  let plan: 'echo-500' | 'failed' = 'echo-500';

  beforeAll(async () => {
    server = createServer((req, res) => {
      const auth = req.headers.authorization ?? '';
      res.writeHead(plan === 'failed' ? 200 : 500, {
        'content-type': 'application/json',
        'x-request-id': auth,
      });
      res.end(
        JSON.stringify(
          plan === 'failed'
            ? { id: 'job-1', status: 'failed', error: { type: 'api_error', message: `proxy saw ${auth}` } }
            : { type: 'error', error: { type: 'api_error', message: `proxy saw ${auth}` } },
        ),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('shows retried errors and a failed job without the key; the ledger keeps none either', async () => {
    const lines: string[] = [];
    const write = (line: string) => lines.push(line);
    const channel = {
      debug: write,
      info: write,
      warn: write,
      error: write,
    } as unknown as vscode.LogOutputChannel;
    const deps = createDeps({ logger: createChannelLogger(channel) });
    const ltx = createLazyClient({
      provider: 'ltx',
      endpoints: LTX_ENDPOINTS,
      canCancel: false,
      apiKey: async () => KEY,
      create: (apiKey) => createLtxClient({ apiKey, baseUrl: base, deps }),
    });
    const store = createMemoryLedgerStore();
    const runner = await createJobRunner({ clients: { ltx }, store, deps, pollIntervalMs: 20 });
    try {
      await runner.track('ltx:text-to-video/job-1');
      plan = 'echo-500';
      // Long enough for a retried read under load (the first read waits out the interval since track).
      const retried = await runner.watch('ltx:text-to-video/job-1', { deadline: Date.now() + 1500 });
      expect(retried.end).toBe('deadline');
      plan = 'failed';
      const failed = await runner.watch('ltx:text-to-video/job-1');
      expect(failed.job.state).toBe('failed');
      expect(failed.job.error?.message).toBe('proxy saw Bearer [redacted]');
      const all = `${lines.join('\n')}\n${JSON.stringify(runner.list())}`;
      expect(lines.some((l) => l.includes('failed with 500'))).toBe(true);
      expect(all).toContain('[redacted]');
      expect(all).not.toContain(KEY);
      expect(all).not.toContain(KEY.slice(0, 12));
    } finally {
      runner.dispose();
    }
  });
});
