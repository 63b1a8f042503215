import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isDuplicateSubmitError } from '../../src/errors/duplicate-submit-error.js';
import { HttpError } from '../../src/errors/http-error.js';
import type { JobRecord } from '../../src/ledger/types.js';
import { runInputHash } from '../../src/runs/input-hash.js';
import { planResume } from '../../src/runs/resume.js';
import { runEach } from '../../src/runs/run-each.js';
import { runProgress } from '../../src/runs/run-progress.js';
import { newRunId, type PlannedJob, type RunRecord, requestOf } from '../../src/runs/run-record.js';
import { createFileRunStore, findRun } from '../../src/runs/run-store.js';
import { expandVariations } from '../../src/runs/variations.js';
import { makeJob } from '../poll/fakes.js';
import { ltxRef, setup, textToVideo } from '../runner/runner-fixtures.js';

function plannedRun(count: number): RunRecord {
  const { name: _name, ...base } = textToVideo();
  const file = { ...base, variations: { count } };
  const jobs: PlannedJob[] = expandVariations(file, '/w/dawn.ltx.json').map((v) => ({
    key: `1:0:${v.index + 1}`,
    name: v.name,
    file: { provider: 'ltx', endpoint: 'text-to-video', name: v.name, request: v.request },
    baseDir: '/w',
    requestFile: '/w/dawn.ltx.json',
    variantKey: v.key,
    inputHash: runInputHash(file, { runId: '', variantKey: v.key }),
  }));
  return {
    v: 1,
    id: newRunId(Date.UTC(2026, 10, 20, 22, 15)),
    createdAt: '',
    name: `dawn ×${count}`,
    kind: 'variations',
    sources: [],
    jobs,
  };
}

const running = (id: string) => makeJob(ltxRef(id), 'running');
const done = (id: string) => makeJob(ltxRef(id), 'succeeded', { artifacts: [] });
const failed = (id: string) =>
  makeJob(ltxRef(id), 'failed', { error: { type: 'api_error', message: 'boom' } });

describe('a run through the real runner and submit queue (virtual time)', () => {
  it('jobs queue behind 2 slots, start as slots free, one failure stops nothing; records carry the run', async () => {
    const run = plannedRun(5);
    const ids = ['j1', 'j2', 'j3', 'j4', 'j5'];
    const scripts = Object.fromEntries(
      ids.map((id) => [id, [running(id), running(id), id === 'j2' ? failed(id) : done(id)]]),
    );
    const submits = [
      { id: 'j1', raw: {} },
      { id: 'j2', raw: {} },
      new HttpError('invalid_request_error: no', {
        provider: 'ltx',
        status: 400,
        method: 'POST',
        errorType: 'invalid_request_error',
      }),
      { id: 'j3', raw: {} },
      { id: 'j4', raw: {} },
    ];
    const world = await setup({ scripts, submits: submits as never, limits: { ltx: { concurrentJobs: 2 } } });
    const results = await runEach(run.jobs, {
      submit: (job) =>
        world.runner.submit(requestOf(job), {
          baseDir: job.baseDir,
          run: { runId: run.id, job: job.key, variantKey: job.variantKey },
        }),
      async after(job, end) {
        if ('error' in end) return { job: job.name, error: (end.error as Error).name };
        const outcome = await world.runner.watch(end.record.ref);
        return { job: job.name, state: outcome.job.state };
      },
    });
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : r.reason))).toEqual([
      { job: 'dawn-v1', state: 'succeeded' },
      { job: 'dawn-v2', state: 'failed' },
      { job: 'dawn-v3', error: 'HttpError' },
      { job: 'dawn-v4', state: 'succeeded' },
      { job: 'dawn-v5', state: 'succeeded' },
    ]);
    // Never more than 2 jobs in flight at the provider: each accepted POST comes when at most one
    // earlier job has not been read terminal yet, and the 3rd waited for the first end.
    const ended = (id: string) => world.ltx.statusCalls.filter((c) => c.ref.id === id)[2]?.at ?? Infinity;
    const accepted = ['j1', 'j2', 'j3', 'j4'];
    expect(world.ltx.submitCalls).toHaveLength(5);
    const postedAt = [0, 1, 3, 4].map((n) => world.ltx.submitCalls[n]!.at);
    postedAt.forEach((at, k) => {
      const inFlight = accepted.slice(0, k).filter((id, j) => postedAt[j]! <= at && ended(id) > at);
      expect(inFlight.length).toBeLessThanOrEqual(1);
    });
    expect(postedAt[2]).toBe(Math.min(ended('j1'), ended('j2')));
    const records = world.runner.list();
    expect(records).toHaveLength(4);
    const first = records.find((r) => r.id === 'j1') as JobRecord;
    expect(first).toMatchObject({
      runId: run.id,
      runJob: '1:0:1',
      variantKey: 'dawn.ltx.json#1',
      attempt: 1,
    });
    expect(first.inputHash).toBe(run.jobs[0]?.inputHash);

    const progress = runProgress(run, records);
    expect(progress.counts).toMatchObject({ total: 5, succeeded: 3, failed: 1, notSubmitted: 1, running: 0 });
    expect(progress.text).toBe('3/5 done, 1 failed, 1 not sent');
    const steps = planResume(progress);
    expect(steps.map((s) => (s.kind === 'submit' ? `submit#${s.attempt}` : s.kind))).toEqual([
      'follow',
      'submit#2',
      'submit#1',
      'follow',
      'follow',
    ]);

    // The same variants submitted again (a new run of the same file) are duplicates, job by job.
    await expect(
      world.runner.submit(requestOf(run.jobs[0]!), {
        baseDir: '/w',
        run: { runId: 'run-2', job: '1:0:1', variantKey: run.jobs[0]!.variantKey },
      }),
    ).rejects.toSatisfy(isDuplicateSubmitError);
    // A resubmit of the failed variant is a new attempt with a hash of its own: not a duplicate.
    const retry = await world.runner
      .submit(requestOf(run.jobs[1]!), {
        baseDir: '/w',
        run: { runId: run.id, job: '1:0:2', variantKey: run.jobs[1]!.variantKey, attempt: 2 },
      })
      .catch((e: unknown) => e);
    expect(isDuplicateSubmitError(retry)).toBe(false);
  });

  it('refuses a file that still has variations (it must be planned as a run)', async () => {
    const world = await setup();
    await expect(
      world.runner.submit({ ...textToVideo(), variations: { count: 2 } }, { baseDir: '/w' }),
    ).rejects.toThrow(/variations/);
  });
});

describe('run progress and resume', () => {
  const run = plannedRun(4);
  const record = (
    job: number,
    state: 'running' | 'succeeded' | 'failed' | 'expired',
    attempt = 1,
  ): JobRecord => ({
    ref: `ltx:text-to-video/r${job}-${attempt}`,
    provider: 'ltx',
    endpoint: 'text-to-video',
    id: `r${job}-${attempt}`,
    request: {},
    inputHash: 'h',
    submittedAt: '2026-11-20T22:15:00.000Z',
    job: makeJob(ltxRef(`r${job}-${attempt}`), state),
    downloads: [],
    watching: true,
    runId: run.id,
    runJob: `1:0:${job}`,
    attempt,
  });

  it('the latest attempt counts; a submit in progress or interrupted shows as such', () => {
    const records = [
      record(1, 'failed', 1),
      record(1, 'succeeded', 2),
      record(2, 'running'),
      record(3, 'expired'),
    ];
    const pending = [
      {
        inputHash: runInputHash(run.jobs[3]!.file, { runId: run.id, variantKey: run.jobs[3]!.variantKey }),
        state: 'interrupted' as const,
      },
    ];
    const progress = runProgress(run, records, pending);
    expect(progress.jobs.map((j) => j.state)).toEqual(['succeeded', 'running', 'expired', 'interrupted']);
    expect(progress.text).toBe('1/4 done, 1 failed, 1 running, 1 interrupted');
    expect(progress.settled).toBe(false);
    const steps = planResume(progress);
    expect(steps.map((s) => s.kind)).toEqual(['follow', 'follow', 'submit', 'skip']);
    expect(steps[2]).toMatchObject({ kind: 'submit', attempt: 2 });
    expect(planResume(progress, { allowDuplicate: true })[3]).toMatchObject({ kind: 'submit', attempt: 1 });
    // Records of other runs are not this run's.
    expect(runProgress(run, [{ ...record(1, 'succeeded'), runId: 'run-other' }]).counts.notSubmitted).toBe(4);
  });
});

describe('run store', () => {
  it('writes atomically, lists newest first, finds by id, prefix, tail or latest, removes', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'ltx-run-store-')), 'runs');
    const store = createFileRunStore(dir);
    const older = { ...plannedRun(1), id: 'run-20261119-100000-aaaa' };
    const newer = { ...plannedRun(2), id: 'run-20261120-100000-bbbb' };
    await store.put(older);
    await store.put(newer);
    const runs = await store.list();
    expect(runs.map((r) => r.id)).toEqual([newer.id, older.id]);
    expect(await store.get(older.id)).toEqual(older);
    expect(findRun(runs, 'latest')?.id).toBe(newer.id);
    expect(findRun(runs, 'aaaa')?.id).toBe(older.id);
    expect(findRun(runs, 'run-20261119')?.id).toBe(older.id);
    expect(() => findRun(runs, 'run-2026')).toThrow(/matches 2 runs/);
    expect(findRun(runs, 'zzzz')).toBeUndefined();
    await store.remove(older.id);
    expect((await store.list()).map((r) => r.id)).toEqual([newer.id]);
    expect(await store.get('../../etc/passwd')).toBeUndefined();
  });
});
