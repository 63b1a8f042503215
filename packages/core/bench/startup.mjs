import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDeps, createFileLedgerStore, createLedger, hashInput } from '../dist/index.js';
import { ltxRecord } from '../test-support/ledger-records.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..', '..');
const extensionBundle = join(repo, 'apps', 'vscode', 'dist', 'extension.js');
const cli = join(repo, 'apps', 'cli', 'dist', 'cli.js');
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** A finished LTX job as the ledger keeps it after a download (about 1.5 KB, like a real one). */
function finishedRecord(n) {
  const base = ltxRecord(n, { hashInput, name: `clip-${n}` });
  const done = new Date(Date.parse(base.submittedAt) + 60_000).toISOString();
  const url = `https://storage.googleapis.com/ltx/${base.id}.mp4?X-Goog-Signature=${'ab'.repeat(32)}`;
  return {
    ...base,
    requestFile: `/home/user/project/requests/clip-${n}.ltx.json`,
    outputDir: '/home/user/project/ltx-output',
    job: {
      provider: 'ltx',
      endpoint: 'text-to-video',
      id: base.id,
      state: 'succeeded',
      artifacts: [{ label: 'video_url', url, mimeType: 'video/mp4', expiresAt: done }],
      createdAt: base.submittedAt,
      completedAt: done,
      updatedAt: done,
      wireStatus: 'completed',
      raw: {
        id: base.id,
        status: 'completed',
        created_at: base.submittedAt,
        completed_at: done,
        result: { video_url: url },
      },
    },
    downloads: [
      {
        label: 'video_url',
        path: `/home/user/project/ltx-output/clip-${n}.mp4`,
        bytes: 139_153,
        completedAt: done,
      },
    ],
  };
}

/**
 * Writes `count` finished records to the ledger at `path` (batched, compacted, then 100 updates), or
 * with `legacy`, as the format-1 file older versions wrote (one `{"v":1,"op":"put",…}` line each), to
 * measure those versions with the same harness.
 */
export async function writeLedger(path, count, legacy = false) {
  if (legacy) {
    mkdirSync(dirname(path), { recursive: true });
    const lines = Array.from({ length: count }, (_, i) =>
      JSON.stringify({ v: 1, op: 'put', record: finishedRecord(i) }),
    );
    writeFileSync(path, `${lines.join('\n')}\n`);
    return;
  }
  const store = createFileLedgerStore(path, { compactMinLines: Number.POSITIVE_INFINITY });
  const ledger = await createLedger(store, createDeps());
  for (let i = 0; i < count; i += 1000) {
    const batch = [];
    for (let j = i; j < Math.min(count, i + 1000); j++) batch.push(ledger.record(finishedRecord(j)));
    await Promise.all(batch);
  }
  await store.compact();
  for (let i = 0; i < 100; i++)
    await ledger.update(finishedRecord(i).ref, (r) => ({ ...r, watching: false }));
  ledger.close();
}

/**
 * Wall time of one run of `node args` in ms, and where /usr/bin/time can tell, its CPU time (user +
 * system, ms: steadier than wall time on a busy machine) and peak RSS in MiB.
 */
function timeNode(args, env) {
  const time = existsSync('/usr/bin/time');
  const command = time ? '/usr/bin/time' : process.execPath;
  const argv = time ? ['-f', '%M %U %S', process.execPath, ...args] : args;
  const t0 = performance.now();
  const run = spawnSync(command, argv, {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const ms = performance.now() - t0;
  if (run.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${run.stderr}`);
  const [kb, user, system] = time ? run.stderr.trim().split('\n').at(-1).split(' ').map(Number) : [];
  return { ms, rssMiB: kb / 1024, cpuMs: (user + system) * 1000 };
}

/**
 * The extension's bundles against the goal (300 KB): the main one (what activation parses), the
 * runner it requires right after activation and the features bundle it requires on first use
 * (apps/vscode/build.mjs), and what the .vsix ships of the three.
 */
export function benchExtensionBundle({ bundle = extensionBundle } = {}) {
  const size = (name) => {
    const path = join(dirname(bundle), name);
    return existsSync(path) ? statSync(path).size : 0;
  };
  const bytes = statSync(bundle).size;
  const runnerBytes = size('runner.js');
  const featureBytes = size('features.js');
  return {
    mainBundleKB: bytes / 1000,
    goalKB: 300,
    ratioToGoal: bytes / 300_000,
    runnerBundleKB: runnerBytes / 1000,
    featuresBundleKB: featureBytes / 1000,
    shippedScriptsKB: (bytes + runnerBytes + featureBytes) / 1000,
  };
}

/**
 * require(bundle) + activate(context) of the extension in a child process with a stand-in `vscode`
 * module (bench/fake-vscode.cjs), median of `runs`, with an empty workspace ledger and with one of
 * `records` finished jobs.
 */
export async function benchActivation({
  records = 10_000,
  runs = 7,
  bundle = extensionBundle,
  legacy = false,
} = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'ltx-bench-activate-'));
  try {
    const workspace = join(dir, 'workspace');
    mkdirSync(workspace);
    const identity = `file://${workspace}`; // what the stand-in Uri.toString() gives
    const id = createHash('sha256').update(identity).digest('hex').slice(0, 16);
    const measure = (storage) => {
      const samples = [];
      for (let i = 0; i < runs; i++) {
        const out = execFileSync(process.execPath, [join(here, 'activate-child.cjs'), bundle, storage], {
          encoding: 'utf8',
          env: { ...process.env, FAKE_VSCODE_WORKSPACE: workspace },
        });
        samples.push(JSON.parse(out));
      }
      return {
        requireMs: median(samples.map((s) => s.requireMs)),
        activateMs: median(samples.map((s) => s.activateMs)),
        totalMs: median(samples.map((s) => s.requireMs + s.activateMs)),
        requireCpuMs: median(samples.map((s) => s.cpuRequireMs)),
        listedMs: median(samples.map((s) => s.listedMs)),
        jobs: samples[0]?.jobs,
      };
    };
    const empty = measure(join(dir, 'empty-storage'));
    const full = join(dir, 'full-storage');
    await writeLedger(join(full, 'workspaces', id, 'jobs.jsonl'), records, legacy);
    const loaded = measure(full);
    return {
      emptyRequireMs: empty.requireMs,
      emptyActivateMs: empty.activateMs,
      emptyTotalMs: empty.totalMs,
      emptyRequireCpuMs: empty.requireCpuMs,
      [`jobs${records}RequireMs`]: loaded.requireMs,
      [`jobs${records}ActivateMs`]: loaded.activateMs,
      [`jobs${records}TotalMs`]: loaded.totalMs,
      [`jobs${records}ListInAfterMs`]: loaded.listedMs,
      [`jobs${records}Listed`]: loaded.jobs,
      nodeEmptyMs: median(Array.from({ length: runs }, () => timeNode(['-e', '0'], {}).ms)),
      goalMs: 50,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `ltx-jobs list` over a ledger of `records` finished jobs against `node -e 0`, runs interleaved so
 * machine noise hits both; medians of `runs`, their ratio, and the peak RSS of the list.
 */
export async function benchCliList({ records = 10_000, runs = 9, cliPath = cli, legacy = false } = {}) {
  const home = mkdtempSync(join(tmpdir(), 'ltx-bench-list-'));
  try {
    await writeLedger(join(home, 'jobs.jsonl'), records, legacy);
    const env = { LTX_JOBS_HOME: home };
    const bare = [];
    const list = [];
    timeNode([cliPath, 'list'], env); // warm the file cache
    for (let i = 0; i < runs; i++) {
      bare.push(timeNode(['-e', '0'], env));
      list.push(timeNode([cliPath, 'list'], env));
    }
    const nodeMs = median(bare.map((r) => r.ms));
    const listMs = median(list.map((r) => r.ms));
    return {
      records,
      nodeEmptyMs: nodeMs,
      listMs,
      ratio: listMs / nodeMs,
      goalRatio: 2,
      cpuRatio: median(list.map((r) => r.cpuMs)) / median(bare.map((r) => r.cpuMs)),
      listPeakRssMiB: median(list.map((r) => r.rssMiB)),
      nodeEmptyPeakRssMiB: median(bare.map((r) => r.rssMiB)),
    };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
