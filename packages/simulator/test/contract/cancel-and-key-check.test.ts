import {
  type CoreJobRunner,
  checkApiKey,
  createJobRunner,
  createLtxClient,
  createMemoryLedgerStore,
  createUseapiClient,
  isUsageError,
  type SubmitPhase,
} from '@ltx-jobs/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ContractWorld, startWorld, t2v } from './world.js';

let w: ContractWorld;
let runner: CoreJobRunner;

beforeEach(async () => {
  w = await startWorld();
  runner = await createJobRunner({
    clients: { ltx: w.ltx, useapi: w.useapi },
    store: createMemoryLedgerStore(),
    deps: w.deps,
    pollIntervalMs: 10,
    limits: { ltx: { statusRequestsPerSecond: 100 }, useapi: { statusRequestsPerSecond: 100 } },
  });
});
afterEach(async () => {
  runner.dispose();
  await w.close();
});

const useapiCreate = (prompt: string) => ({
  provider: 'useapi' as const,
  endpoint: 'videos/ltx-create',
  request: { prompt },
});

describe('runner.cancel', () => {
  it('cancels a running useapi job and records it as cancelled, not failed', async () => {
    w.sim.setTiming({ processingMs: 60_000 });
    const record = await runner.submit(useapiCreate('long'), { baseDir: w.dir });
    const watching = runner.watch(record.ref);
    const result = await runner.cancel(record.ref);
    expect(result.outcome).toBe('cancelled');
    expect(result.record.job?.state).toBe('cancelled');
    expect(result.record.job?.error).toBeUndefined();
    expect(runner.get(record.ref)?.watching).toBe(false);
    expect(w.sim.requestsWhere({ api: 'useapi', op: 'cancel' })).toHaveLength(1);
    // a watch in progress ends; the ledger keeps the cancelled state
    await watching;
    expect(runner.get(record.ref)?.job?.state).toBe('cancelled');
  });

  it('a second cancel costs no request and says the job already ended', async () => {
    w.sim.setTiming({ processingMs: 60_000 });
    const record = await runner.submit(useapiCreate('long'), { baseDir: w.dir });
    await runner.cancel(record.ref);
    const again = await runner.cancel(record.ref);
    expect(again.outcome).toBe('already-ended');
    expect(w.sim.requestsWhere({ api: 'useapi', op: 'cancel' })).toHaveLength(1);
  });

  it('a cancel that arrives after the job finished records its final state instead of a 404', async () => {
    const record = await runner.submit(useapiCreate('quick'), { baseDir: w.dir });
    // the ledger still says queued; the provider finished it meanwhile
    await new Promise((r) => setTimeout(r, 300));
    const result = await runner.cancel(record.ref);
    expect(result.outcome).toBe('already-ended');
    expect(result.record.job?.state).toBe('succeeded');
    expect(w.sim.requestsWhere({ api: 'useapi', op: 'cancel', status: 404 })).toHaveLength(1);
  });

  it('refuses an LTX job: the API has no cancel', async () => {
    const record = await runner.submit(
      { provider: 'ltx', endpoint: 'text-to-video', request: t2v() },
      { baseDir: w.dir },
    );
    const error = await runner.cancel(record.ref).catch((e: unknown) => e);
    expect(isUsageError(error)).toBe(true);
    expect(String(error)).toMatch(/LTX jobs cannot be cancelled/);
    expect(w.sim.requestsWhere({ api: 'ltx', op: 'cancel' })).toHaveLength(0);
  });
});

describe('submit phases', () => {
  it("tells a submit that waits for one of LTX's two slots how many run, then when it sends", async () => {
    w.sim.setTiming({ processingMs: 400 });
    const phases: SubmitPhase[][] = [[], [], []];
    const records = await Promise.all(
      [0, 1, 2].map((n) =>
        runner.submit(
          { provider: 'ltx', endpoint: 'text-to-video', request: t2v(`shot ${n}`) },
          { baseDir: w.dir, onPhase: (p) => phases[n]?.push(p) },
        ),
      ),
    );
    expect(records).toHaveLength(3);
    expect(phases[0]).toEqual([{ phase: 'sending' }]);
    expect(phases[2]).toEqual([{ phase: 'waiting-for-slot', running: 2, limit: 2 }, { phase: 'sending' }]);
  });
});

describe('checkApiKey: a status read of a job that does not exist, never a submit', () => {
  it.each(['ltx', 'useapi'] as const)(
    '%s: accepts the right key and rejects a wrong one',
    async (provider) => {
      const client = (key: string) =>
        provider === 'ltx'
          ? createLtxClient({ apiKey: key, baseUrl: w.sim.ltxBaseUrl, deps: w.deps })
          : createUseapiClient({ apiToken: key, baseUrl: w.sim.useapiBaseUrl, deps: w.deps });
      const good = provider === 'ltx' ? w.sim.ltxApiKey : w.sim.useapiToken;
      expect(await checkApiKey(client(good))).toEqual({ verdict: 'accepted' });
      const bad = await checkApiKey(client('not-the-key'));
      expect(bad.verdict).toBe('rejected');
      expect(JSON.stringify(bad)).not.toContain('not-the-key');
      expect(w.sim.submitCount()).toBe(0);
    },
  );

  it('is unverified, not rejected, when the server cannot be reached', async () => {
    const client = createLtxClient({ apiKey: 'k', baseUrl: 'http://127.0.0.1:9/ltx', deps: w.deps });
    expect((await checkApiKey(client)).verdict).toBe('unverified');
  });
});
