import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createDeps,
  createJobRunner,
  createLtxClient,
  createMemoryLedgerStore,
  isDuplicateSubmitError,
  parseRequestFile,
  silentLogger,
} from '@ltx-jobs/core';
import { enqueueRequest, openTeam, startTeamWorker, type TeamWorker } from '@ltx-jobs/queue';
import { type Simulator, startSimulator } from '@ltx-jobs/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer } from '../../../../scripts/ensure-redis.mjs';
import { externalJobs } from '../../src/services/external-jobs.js';
import { JobStore } from '../../src/services/job-store.js';
import { type TeamConnection, TeamJobs } from '../../src/team/team-jobs.js';
import type { TeamReaderConfig } from '../../src/team/team-reader.js';
import { teamStatusView } from '../../src/team/team-status-view.js';

// Issue 14: the team queue's jobs in the extension's job store, read from a real Redis (a private
// redis-server with a password) that a real worker moves against the simulator.
const PASSWORD = 'team-pw-7f3a';
let sim: Simulator;
let redis: { url: string; port: number; stop(): Promise<void> };
let dir: string;

beforeAll(async () => {
  sim = await startSimulator({ pendingMs: 20, processingMs: 150 });
  redis = await startRedisServer();
  const admin = await openTeam(redis.url);
  await admin.redis.config('SET', 'requirepass', PASSWORD);
  await admin.close();
  dir = await mkdtemp(join(tmpdir(), 'ltx-team-'));
}, 60_000);
afterAll(async () => {
  await sim?.close();
  await redis?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const request = (prompt: string) =>
  parseRequestFile(
    JSON.stringify({
      provider: 'ltx',
      endpoint: 'text-to-video',
      name: prompt.split(' ')[0],
      request: { prompt, model: 'ltx-2-3-fast', duration: 6, resolution: '1920x1080' },
    }),
    'team.ltx.json',
  );

function teamJobsWith(config: Partial<TeamReaderConfig>) {
  const hidden = new Set<string>();
  return new TeamJobs({
    config: async () => ({ url: redis.url, password: PASSWORD, sharedFolder: '', ...config }),
    load: () => import('../../src/team/team-reader.js'),
    hidden: { has: (ref) => hidden.has(ref), add: (ref) => hidden.add(ref) },
    logger: silentLogger,
    busyMs: 50,
    watchMs: 50,
    // Long: a row that shows before it came from the queues' events (see TeamJobs.watch).
    idleMs: 60_000,
    connectTimeoutMs: 1000,
  });
}

async function until<T>(read: () => T | undefined, what: string, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const withPassword = () => {
  const url = new URL(redis.url);
  url.username = 'default';
  url.password = PASSWORD;
  return url.toString();
};

describe('TeamJobs: the team queue in the extension job store', () => {
  it("shows another machine's job by its submitter as the worker moves it, its MP4 in the shared folder; never adopts it", async () => {
    const out = join(dir, 'shared');
    const deps = createDeps();
    const runner = await createJobRunner({
      clients: { ltx: createLtxClient({ apiKey: sim.ltxApiKey, baseUrl: sim.ltxBaseUrl, deps }) },
      store: createMemoryLedgerStore(),
      deps,
    });
    const teamJobs = teamJobsWith({});
    // Bob's job ends: not this user's, so not told here (only shown).
    const toldEnds: string[] = [];
    teamJobs.onDidEndMine((row) => toldEnds.push(row.info.jobId));
    const noCli = { list: () => [], get: () => undefined, hide: () => {}, onDidChange: () => () => {} };
    const store = new JobStore(runner, silentLogger, Date.now, externalJobs(noCli, teamJobs));
    const other = await openTeam(withPassword());
    let worker: TeamWorker | undefined;
    try {
      await teamJobs.open();
      expect(teamJobs.connection.kind).toBe('on');
      const queued = await enqueueRequest(other, request('sunset over the sea'), {
        baseDir: dir,
        submittedBy: { user: 'bob', host: 'render-box' },
      });
      // No refresh: the queue's 'added' event makes the idle window read again.
      const waiting = await until(
        () => store.list().find((r) => r.ref === `queue:${queued.jobId}`),
        'the row',
      );
      expect(store.teamInfo(waiting.ref)).toMatchObject({ by: 'bob@render-box', queueState: 'waiting' });
      // Not this window's to follow, count as running here or download.
      expect(store.actionable()).toEqual([]);
      await expect(store.download(waiting.ref)).rejects.toThrow(/team-queue job \(by bob@render-box\)/);

      worker = await startTeamWorker({
        url: withPassword(),
        clients: { ltx: createLtxClient({ apiKey: sim.ltxApiKey, baseUrl: sim.ltxBaseUrl, deps }) },
        outDir: out,
        pollIntervalMs: 50,
        lockMs: 5000,
      });
      const done = await until(
        () => store.list().find((r) => r.job?.state === 'succeeded' && r.downloads.length > 0),
        'the job to succeed with its file',
      );
      expect(done.ref).toMatch(/^ltx:text-to-video\//);
      expect(store.get(`queue:${queued.jobId}`)).toBeUndefined();
      expect(store.teamInfo(done.ref)).toMatchObject({ by: 'bob@render-box', unreachable: [] });
      expect(done.downloads[0]?.path.startsWith(out)).toBe(true);
      expect(existsSync(done.downloads[0]?.path ?? '')).toBe(true);
      expect(toldEnds).toEqual([]);
      // This user's own job (enqueued from this machine): its end is told once.
      const mine = await enqueueRequest(other, request('a quay at night'), { baseDir: dir });
      await until(() => (toldEnds.length > 0 ? toldEnds : undefined), 'the end of my own job');
      expect(toldEnds).toEqual([mine.jobId]);

      const connection = teamJobs.connection as Extract<TeamConnection, { kind: 'on' }>;
      expect(connection.queue).toMatch(/^redis:\/\/default:\*\*\*@127\.0\.0\.1:\d+$/);
      const status = teamStatusView(connection, Date.now());
      expect(status.text).toMatch(/^\$\(organization\) Team: LTX 0\/2 slots$/);
      expect(status.tooltip).toContain('1 worker (');

      // The same request again, from this window: refused team-wide, naming the job that holds it.
      const reader = await teamJobs.openReader();
      const again = await reader.enqueue(request('sunset over the sea'), { baseDir: dir }).catch((e) => e);
      expect(isDuplicateSubmitError(again)).toBe(true);
      expect(String(again.message)).toContain(`as job ${queued.jobId}`);

      // Removed here: hidden from this workspace's list, still in the queue.
      await store.remove(done.ref);
      expect(store.get(done.ref)).toBeUndefined();
    } finally {
      await worker?.close();
      await other.close();
      store.dispose();
      teamJobs.dispose();
    }
  }, 40_000);

  it('enqueues the takes of a file with variations (same request, their own variant keys) as separate jobs', async () => {
    const teamJobs = teamJobsWith({});
    try {
      const reader = await teamJobs.openReader();
      const take = request('takes of a river');
      const one = await reader.enqueue(take, { baseDir: dir, variantKey: 'v1' });
      const two = await reader.enqueue(take, { baseDir: dir, variantKey: 'v2' });
      expect(one.jobId).not.toBe(two.jobId);
      const again = await reader.enqueue(take, { baseDir: dir, variantKey: 'v2' }).catch((e) => e);
      expect(isDuplicateSubmitError(again)).toBe(true);
    } finally {
      teamJobs.dispose();
    }
  });

  it('says a wrong password is a setting to fix (without the password), and retries an unreachable Redis', async () => {
    const wrong = teamJobsWith({ password: 'not-it' });
    try {
      await wrong.open();
      const state = wrong.connection as Extract<TeamConnection, { kind: 'error' }>;
      expect(state.kind).toBe('error');
      expect(state.fix).toBe(true);
      expect(state.message).toMatch(/refused the user or password/);
      expect(state.message).not.toContain('not-it');
      expect(teamStatusView(state, Date.now()).text).toBe('$(error) Team queue: check settings');
    } finally {
      wrong.dispose();
    }
    const away = teamJobsWith({ url: 'redis://127.0.0.1:1' });
    try {
      // Refused at once (no hang: the connect is bounded by connectTimeoutMs anyway).
      await away.open();
      const state = away.connection as Extract<TeamConnection, { kind: 'error' }>;
      expect(state).toMatchObject({ kind: 'error', fix: false });
      expect(state.message).toMatch(/Cannot reach the team queue at redis:\/\/default:\*\*\*@127\.0\.0\.1:1/);
      expect(teamStatusView(state, Date.now()).text).toBe('$(error) Team queue unreachable');
    } finally {
      away.dispose();
    }
    // Blank: nothing of the queue's code loads, nothing connects.
    let loads = 0;
    const off = new TeamJobs({
      config: async () => ({ url: '', password: undefined, sharedFolder: '' }),
      load: async () => {
        loads++;
        return import('../../src/team/team-reader.js');
      },
      hidden: { has: () => false, add: () => {} },
      logger: silentLogger,
    });
    await off.open();
    await off.refresh();
    expect(loads).toBe(0);
    expect(off.connection.kind).toBe('off');
    expect(teamStatusView(off.connection, Date.now()).visible).toBe(false);
    off.dispose();
  }, 30_000);
});
