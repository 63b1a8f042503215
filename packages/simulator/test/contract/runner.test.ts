import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CoreJobRunner, createJobRunner, createMemoryLedgerStore } from '@ltx-jobs/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inspectMp4 } from '../../src/index.js';
import { type ContractWorld, startWorld, t2v } from './world.js';

const MP4 = readFileSync(new URL('../../assets/landscape.mp4', import.meta.url));

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

describe("core's job runner against the simulator", () => {
  it.each([
    ['ltx', 'text-to-video', t2v('a harbour at dawn')],
    ['useapi', 'videos/ltx-create', { prompt: 'a harbour at dawn' }],
  ] as const)(
    '%s: submit -> watch -> download a playable MP4 into the output folder',
    async (provider, endpoint, request) => {
      const out = join(w.dir, provider);
      const record = await runner.submit(
        { provider, endpoint, request: { ...request } },
        { baseDir: w.dir, outputDir: out },
      );
      const { outcome, downloads } = await runner.watchAndDownload(record.ref);
      expect(outcome.job.state).toBe('succeeded');
      expect(downloads).toHaveLength(1);
      const bytes = readFileSync(downloads[0]!.path);
      expect(inspectMp4(bytes).codecs).toContain('avc1');
      expect(bytes.equals(MP4)).toBe(true);
      expect(w.sim.submitCount(provider)).toBe(1);
      expect(w.sim.requestsWhere({ api: 'storage' }).every((e) => !e.hasAuthorization)).toBe(true);
    },
  );

  it('queues submits past the server concurrency limit until jobs end; every job is made once', async () => {
    const limited = await createJobRunner({
      clients: { ltx: w.ltx },
      store: createMemoryLedgerStore(),
      deps: w.deps,
      pollIntervalMs: 10,
      limits: { ltx: { concurrentJobs: 4, statusRequestsPerSecond: 100 } },
    });
    w.sim.setTiming({ processingMs: 300 });
    try {
      const records = await Promise.all(
        [1, 2, 3].map((n) =>
          limited.submit(
            { provider: 'ltx', endpoint: 'text-to-video', request: t2v(`shot ${n}`) },
            { baseDir: w.dir, outputDir: join(w.dir, 'queue') },
          ),
        ),
      );
      const outcomes = await Promise.all(records.map((r) => limited.watch(r.ref)));
      expect(outcomes.map((o) => o.job.state)).toEqual(['succeeded', 'succeeded', 'succeeded']);
      expect(w.sim.jobs.list('ltx')).toHaveLength(3);
      expect(w.sim.requestsWhere({ op: 'submit', status: 429 }).length).toBeGreaterThan(0);
    } finally {
      limited.dispose();
    }
  });
});
