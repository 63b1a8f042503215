import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createDeps,
  createJobRunner,
  createLtxClient,
  createMemoryLedgerStore,
  createUseapiClient,
  isDuplicateSubmitError,
  type JobRecord,
  type LedgerStore,
  parseRequestFile,
  silentLogger,
} from '@ltx-jobs/core';
import { type Simulator, startSimulator } from '@ltx-jobs/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type JobChange, JobStore, type WatchProblem } from '../../src/services/job-store.js';

// The extension's job store over the real core runner, talking HTTP to the simulator on loopback.
let sim: Simulator;
let dir: string;

beforeAll(async () => {
  sim = await startSimulator({ pendingMs: 20, processingMs: 60 });
  dir = await mkdtemp(join(tmpdir(), 'ltx-jobstore-'));
});
afterAll(async () => {
  await sim?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function storeOver(ledger: LedgerStore): Promise<JobStore> {
  const deps = createDeps();
  const runner = await createJobRunner({
    clients: {
      ltx: createLtxClient({ apiKey: sim.ltxApiKey, baseUrl: sim.ltxBaseUrl, deps }),
      useapi: createUseapiClient({ apiToken: sim.useapiToken, baseUrl: sim.useapiBaseUrl, deps }),
    },
    store: ledger,
    deps,
    pollIntervalMs: 20,
  });
  return new JobStore(runner, silentLogger);
}

function request(name: string, prompt: string) {
  return parseRequestFile(
    JSON.stringify({
      provider: 'ltx',
      endpoint: 'text-to-video',
      name,
      request: { prompt, model: 'ltx-2-3-fast', resolution: '1920x1080', duration: 6, fps: 24 },
    }),
    `${name}.ltx.json`,
  );
}

function nextEnd(store: JobStore): Promise<JobRecord> {
  return new Promise((resolve) => {
    const off = store.onDidEnd((record) => {
      off();
      resolve(record);
    });
  });
}

describe('JobStore over the core runner and the simulator', () => {
  it('submits, watches to the end, tells subscribers, and downloads the MP4', async () => {
    const store = await storeOver(createMemoryLedgerStore());
    const changes: JobChange[] = [];
    store.onDidChange((c) => changes.push(c));
    const ended = nextEnd(store);
    const submitted = await store.submit(request('sunset', 'a sunset over the sea'), {
      baseDir: dir,
      outputDir: join(dir, 'out'),
    });
    expect(store.isWatching(submitted.ref)).toBe(true);
    const final = await ended;
    expect(final.ref).toBe(submitted.ref);
    expect(final.job?.state).toBe('succeeded');
    // Subscribers saw the new record and its end (how many reads lie between depends on timing).
    const seen = changes.filter((c) => c.ref === submitted.ref).map((c) => c.record?.job?.state ?? 'none');
    expect(seen[0]).not.toBe('succeeded');
    expect(seen.at(-1)).toBe('succeeded');

    const [download] = await store.download(submitted.ref);
    expect(download?.path.startsWith(join(dir, 'out'))).toBe(true);
    const bytes = await readFile(download!.path);
    expect(bytes.subarray(4, 8).toString('latin1')).toBe('ftyp');
    expect(store.get(submitted.ref)?.downloads).toHaveLength(1);
    store.dispose();
  });

  it('reports a provider failure with its error type', async () => {
    const store = await storeOver(createMemoryLedgerStore());
    const ended = nextEnd(store);
    await store.submit(request('filtered', 'rejected [sim:fail=content_filtered_error]'), { baseDir: dir });
    const final = await ended;
    expect(final.job?.state).toBe('failed');
    expect(final.job?.error?.type).toBe('content_filtered_error');
    store.dispose();
  });

  it('lets the duplicate check through to the caller (the command asks before billing again)', async () => {
    const store = await storeOver(createMemoryLedgerStore());
    const file = request('twice', 'the same request twice');
    const first = await store.submit(file, { baseDir: dir });
    const error = await store.submit(file, { baseDir: dir }).catch((e: unknown) => e);
    expect(isDuplicateSubmitError(error)).toBe(true);
    const again = await store.submit(file, { baseDir: dir, allowDuplicate: true });
    expect(again.ref).not.toBe(first.ref);
    store.dispose();
  });

  it('resumes watching live jobs from the ledger after a restart, and not the stopped ones', async () => {
    const ledger = createMemoryLedgerStore();
    const first = await storeOver(ledger);
    const slow = await first.submit(request('slow', 'slow one [sim:processing-ms=2500]'), { baseDir: dir });
    const paused = await first.submit(request('paused', 'paused one [sim:processing-ms=400]'), {
      baseDir: dir,
    });
    await first.stopWatching(paused.ref);
    first.dispose();

    const second = await storeOver(ledger);
    const ended = nextEnd(second);
    expect(second.resume()).toEqual([slow.ref]);
    expect((await ended).job?.state).toBe('succeeded');
    expect(second.get(paused.ref)?.watching).toBe(false);
    second.dispose();
  });

  it('cancels a useapi job at the scheduler: the job ends cancelled, not failed', async () => {
    const store = await storeOver(createMemoryLedgerStore());
    const file = parseRequestFile(
      JSON.stringify({
        provider: 'useapi',
        endpoint: 'videos/ltx-create',
        name: 'to-cancel',
        request: { prompt: 'boats [sim:processing-ms=60000]', model: 'ltxv-turbo', duration: '5' },
      }),
      'to-cancel.ltx.json',
    );
    const submitted = await store.submit(file, { baseDir: dir });
    const ended = nextEnd(store);
    const outcome = await store.cancel(submitted.ref);
    expect(outcome.outcome).toBe('cancelled');
    expect(sim.requestsWhere({ api: 'useapi', op: 'cancel' })).toHaveLength(1);
    const final = await ended;
    expect(final.job?.state).toBe('cancelled');
    expect(final.job?.error).toBeUndefined();
    store.dispose();
  });

  it('a cancel that arrives after the job ended says already-ended and keeps its final state', async () => {
    const store = await storeOver(createMemoryLedgerStore());
    const file = parseRequestFile(
      JSON.stringify({
        provider: 'useapi',
        endpoint: 'videos/ltx-create',
        name: 'too-late',
        request: { prompt: 'quick boats', model: 'ltxv-turbo', duration: '5' },
      }),
      'too-late.ltx.json',
    );
    const submitted = await store.submit(file, { baseDir: dir });
    await store.stopWatching(submitted.ref); // the window no longer follows it; the provider finishes it
    await new Promise((r) => setTimeout(r, 300));
    const ended = nextEnd(store);
    const outcome = await store.cancel(submitted.ref);
    expect(outcome.outcome).toBe('already-ended');
    expect((await ended).job?.state).toBe('succeeded');
    store.dispose();
  });

  it("keeps a submit that waits for one of LTX's two slots as a pending row until it has an id", async () => {
    const store = await storeOver(createMemoryLedgerStore());
    const phases: string[] = [];
    store.onDidChangePending(() => {
      for (const p of store.pending())
        phases.push(`${p.name}:${p.phase}${p.running === undefined ? '' : ` ${p.running}/${p.limit}`}`);
    });
    const names = ['slot-1', 'slot-2', 'slot-3'];
    const records = await Promise.all(
      names.map((name) => store.submit(request(name, `${name} [sim:processing-ms=300]`), { baseDir: dir })),
    );
    expect(records).toHaveLength(3);
    expect(phases).toContain('slot-3:waiting-for-slot 2/2');
    expect(store.pending()).toEqual([]);
    store.dispose();
  });

  it('Refresh resumes a job the user stopped watching; activation does not', async () => {
    const store = await storeOver(createMemoryLedgerStore());
    const paused = await store.submit(request('resume-me', 'resume me [sim:processing-ms=300]'), {
      baseDir: dir,
    });
    await store.stopWatching(paused.ref);
    expect(store.resume()).toEqual([]);
    const ended = nextEnd(store);
    expect(store.resume({ includePaused: true })).toEqual([paused.ref]);
    expect((await ended).job?.state).toBe('succeeded');
    store.dispose();
  });

  it('tells when a watch stops because the key is missing or rejected', async () => {
    const deps = createDeps();
    const runner = await createJobRunner({
      clients: { ltx: createLtxClient({ apiKey: 'wrong-key', baseUrl: sim.ltxBaseUrl, deps }) },
      store: createMemoryLedgerStore(),
      deps,
      pollIntervalMs: 20,
    });
    const store = new JobStore(runner, silentLogger);
    const problem = new Promise<WatchProblem>((resolve) => store.onDidStopWatching(resolve));
    const tracked = await store.track('ltx:text-to-video/00000000-0000-4000-8000-000000000001');
    const seen = await problem;
    expect(seen).toMatchObject({ ref: tracked.ref, provider: 'ltx', keyProblem: true });
    expect(store.watchProblem(tracked.ref)?.keyProblem).toBe(true);
    store.dispose();
  });
});
