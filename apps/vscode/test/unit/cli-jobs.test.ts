import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type CoreJobRunner,
  createDeps,
  createFileLedgerStore,
  createJobRunner,
  createLedger,
  createLtxClient,
  createMemoryLedgerStore,
  ledgerPath,
  type ProviderClient,
  parseRequestFile,
  silentLogger,
} from '@ltx-jobs/core';
import { type Simulator, startSimulator } from '@ltx-jobs/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliJobs, type CliLedgerSource } from '../../src/services/cli-jobs.js';
import { JobStore } from '../../src/services/job-store.js';

// Issue 13: jobs the CLI (or its MCP server) records in its own ledger for files of this workspace
// show in the extension's job store, follow the CLI's updates, and are not polled by the extension.
let sim: Simulator;
let dir: string;

beforeAll(async () => {
  sim = await startSimulator({ pendingMs: 20, processingMs: 150 });
  dir = await mkdtemp(join(tmpdir(), 'ltx-clijobs-'));
});
afterAll(async () => {
  await sim?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The CLI's ledger in `home`, opened as the extension opens it (runner-factory.ts cliLedgerSource). */
function sourceAt(home: string): () => Promise<CliLedgerSource> {
  const path = ledgerPath(home);
  return async () => ({
    home,
    path,
    open: () => createLedger(createFileLedgerStore(path), { logger: silentLogger }),
  });
}

/** An LTX client over the simulator that counts its status reads. */
function countingClient(): { client: ProviderClient; reads: () => number } {
  const client = createLtxClient({ apiKey: sim.ltxApiKey, baseUrl: sim.ltxBaseUrl, deps: createDeps() });
  let reads = 0;
  return {
    client: {
      ...client,
      status: (ref, options) => {
        reads++;
        return client.status(ref, options);
      },
    },
    reads: () => reads,
  };
}

/** The CLI's side: the core runner over the file ledger in `home`, as `ltx-jobs` opens it. */
function cliRunner(home: string): Promise<CoreJobRunner> {
  const deps = createDeps();
  return createJobRunner({
    clients: { ltx: createLtxClient({ apiKey: sim.ltxApiKey, baseUrl: sim.ltxBaseUrl, deps }) },
    store: createFileLedgerStore(ledgerPath(home)),
    deps,
    pollIntervalMs: 20,
  });
}

function request(name: string) {
  return parseRequestFile(
    JSON.stringify({
      provider: 'ltx',
      endpoint: 'text-to-video',
      name,
      request: { prompt: `${name} at dawn`, model: 'ltx-2-3-fast', resolution: '1920x1080', duration: 6 },
    }),
    `${name}.ltx.json`,
  );
}

/** Resolves when `check` holds (tested after every change of the store), at most `ms` later. */
function until(store: JobStore, check: () => boolean, ms = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (check()) return resolve();
    const timer = setTimeout(() => {
      off();
      reject(new Error('timed out waiting for the store'));
    }, ms);
    const off = store.onDidChange(() => {
      if (!check()) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

describe('CliJobs: the CLI ledger in the extension job store', () => {
  it('lists the CLI jobs of this workspace, follows their updates without polling them, and adopts one acted on', async () => {
    const home = join(dir, 'home');
    const workspace = join(dir, 'ws');
    await mkdir(home, { recursive: true });
    await mkdir(workspace, { recursive: true });
    const hidden = new Set<string>();
    const cliJobs = new CliJobs({
      source: sourceAt(home),
      folders: () => [workspace],
      hidden: { has: (ref) => hidden.has(ref), add: (ref) => void hidden.add(ref) },
      logger: silentLogger,
    });
    const counting = countingClient();
    const deps = createDeps();
    const runner = await createJobRunner({
      clients: { ltx: counting.client },
      store: createMemoryLedgerStore(),
      deps,
      pollIntervalMs: 20,
    });
    const store = new JobStore(runner, silentLogger, Date.now, cliJobs);
    const cli = await cliRunner(home);
    try {
      await cliJobs.open();
      expect(store.list()).toEqual([]);

      // The CLI submits a file of this workspace and one of another folder.
      const here = await cli.submit(request('intro'), {
        baseDir: join(workspace, 'scenes'),
        requestFile: join(workspace, 'scenes', 'intro.ltx.json'),
        outputDir: join(workspace, 'ltx-output'),
      });
      const elsewhere = await cli.submit(request('other'), {
        baseDir: join(dir, 'other'),
        requestFile: join(dir, 'other', 'other.ltx.json'),
        outputDir: join(dir, 'other', 'ltx-output'),
      });
      await until(store, () => store.get(here.ref) !== undefined);
      expect(store.isExternal(here.ref)).toBe(true);
      expect(store.get(elsewhere.ref)).toBeUndefined();
      expect(store.list().map((r) => r.ref)).toEqual([here.ref]);

      // The CLI follows its job to the end; the store sees each update from the CLI's ledger.
      await cli.watch(here.ref);
      await until(store, () => store.get(here.ref)?.job?.state === 'succeeded');
      expect(counting.reads()).toBe(0); // the extension never polled it

      // Resume watching it here adopts it into this window's own ledger (a copy of the CLI's record).
      store.watch(here.ref);
      await until(store, () => runner.get(here.ref) !== undefined);
      expect(store.isExternal(here.ref)).toBe(false);
      expect(runner.get(here.ref)?.requestFile).toBe(join(workspace, 'scenes', 'intro.ltx.json'));

      // Removing it here hides it from this workspace's list; the CLI keeps it.
      await store.remove(here.ref);
      expect(store.get(here.ref)).toBeUndefined();
      expect(store.list()).toEqual([]);
      expect(cli.get(here.ref)).toBeDefined();
      expect(hidden.has(here.ref)).toBe(true);
    } finally {
      store.dispose();
      cliJobs.dispose();
      cli.dispose();
    }
  }, 30_000);

  it('looks again for a CLI home folder that does not exist yet', async () => {
    const home = join(dir, 'later');
    const workspace = join(dir, 'ws2');
    const cliJobs = new CliJobs({
      source: sourceAt(home),
      folders: () => [workspace],
      hidden: { has: () => false, add: () => {} },
      logger: silentLogger,
      retryMs: 50,
    });
    const cli = await cliRunner(home); // creates the folder on its first write
    try {
      await cliJobs.open();
      expect(cliJobs.list()).toEqual([]);
      // Listening before the submit: the folder may be seen (and the change told) before submit resolves.
      let changes = 0;
      const off = cliJobs.onDidChange(() => {
        changes += 1;
      });
      const made = await cli.submit(request('late'), {
        baseDir: workspace,
        requestFile: join(workspace, 'late.ltx.json'),
        outputDir: join(workspace, 'ltx-output'),
      });
      for (let i = 0; i < 400 && cliJobs.get(made.ref) === undefined; i++) await sleep(25);
      off();
      expect(cliJobs.get(made.ref)).toBeDefined();
      expect(changes).toBeGreaterThan(0);
    } finally {
      cliJobs.dispose();
      cli.dispose();
    }
  }, 15_000);
});
