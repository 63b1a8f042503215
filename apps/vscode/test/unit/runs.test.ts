import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createDeps,
  createJobRunner,
  createLtxClient,
  createMemoryLedgerStore,
  createMemoryRunStore,
  isTerminal,
  newRunId,
  planResume,
  planRun,
  type RunRecord,
  silentLogger,
} from '@ltx-jobs/core';
import { type Simulator, startSimulator } from '@ltx-jobs/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runView } from '../../src/runs/run-view.js';
import { Runs } from '../../src/runs/runs.js';
import { JobStore } from '../../src/services/job-store.js';

// The extension's runs over its job store, the core runner and the simulator on loopback.
let sim: Simulator;
let dir: string;

beforeAll(async () => {
  // The 2nd job accepted fails (so Resume Failed has something to send again).
  sim = await startSimulator({ pendingMs: 20, processingMs: 60, jobFaults: { 2: { fail: 'api_error' } } });
  dir = await mkdtemp(join(tmpdir(), 'ltx-runs-'));
});
afterAll(async () => {
  await sim?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function storeOver(): Promise<JobStore> {
  const deps = createDeps();
  const runner = await createJobRunner({
    clients: { ltx: createLtxClient({ apiKey: sim.ltxApiKey, baseUrl: sim.ltxBaseUrl, deps }) },
    store: createMemoryLedgerStore(),
    deps,
    pollIntervalMs: 20,
  });
  return new JobStore(runner, silentLogger);
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

describe('Runs: a run of variations through the extension job store', () => {
  it('plans, sends, shows aggregate progress, resumes only the failed take, stops and removes', async () => {
    const file = join(dir, 'dawn.ltx.json');
    await writeFile(
      file,
      JSON.stringify({
        provider: 'ltx',
        endpoint: 'text-to-video',
        name: 'dawn',
        request: {
          prompt: 'a lighthouse at dawn',
          model: 'ltx-2-3-fast',
          resolution: '1280x720',
          duration: 6,
        },
      }),
    );
    const store = await storeOver();
    const runs = new Runs(store, createMemoryRunStore(), silentLogger);
    const fired: (string | undefined)[] = [];
    runs.onDidChange((id) => fired.push(id));
    const plan = await planRun([file], { count: 3 });
    const run: RunRecord = {
      v: 1,
      id: newRunId(Date.now()),
      createdAt: new Date().toISOString(),
      name: plan.name,
      kind: plan.kind,
      sources: plan.sources,
      jobs: plan.jobs,
    };
    await runs.add(run);
    expect(runView(runs.progress(run.id)!).description).toBe('0/3 done');
    const results = await runs.carryOut(
      run,
      plan.jobs.map((job) => ({ kind: 'submit' as const, job, attempt: 1 })),
      { allowDuplicate: false },
    );
    expect(results.map((r) => r.error)).toEqual([undefined, undefined, undefined]);
    expect(store.list().every((r) => r.runId === run.id)).toBe(true);
    expect(runs.owns(store.list()[0]!)).toBe(true);
    await until(() => runs.progress(run.id)!.settled, 'the three takes to end');
    const progress = runs.progress(run.id)!;
    expect(progress.text).toBe('2/3 done, 1 failed');
    const view = runView(progress);
    expect(view).toMatchObject({ label: 'dawn ×3', description: '2/3 done, 1 failed' });
    expect(view.contextValue.split(' ')).toContain('runResumable');
    expect(view.contextValue.split(' ')).toContain('runMissingFiles');
    expect(view.icon.id).toBe('warning');
    expect(fired).toContain(run.id);

    // Resume Failed sends exactly the failed take again, as attempt 2.
    const steps = planResume(progress);
    expect(steps.filter((s) => s.kind === 'submit').map((s) => s.job.name)).toEqual(['dawn-v2']);
    const before = sim.submitCount();
    await runs.carryOut(run, steps, { allowDuplicate: false });
    expect(sim.submitCount()).toBe(before + 1);
    await until(() => runs.progress(run.id)!.settled, 'the retry to end');
    expect(runs.progress(run.id)!.text).toBe('3/3 done');
    expect(store.list().find((r) => r.attempt === 2)?.name).toBe('dawn-v2');
    expect(runView(runs.progress(run.id)!).icon.id).toBe('pass');

    // Stop Watching ends polling of what still runs; Remove forgets the run and all its attempts.
    expect(await runs.stopWatching(run.id)).toBe(0);
    expect(await runs.remove(run.id)).toBe(4);
    expect(store.list()).toHaveLength(0);
    expect(runs.list()).toHaveLength(0);
    expect(store.list().some((r) => !isTerminal(r.job?.state ?? 'queued'))).toBe(false);
    runs.dispose();
    store.dispose();
  });
});
