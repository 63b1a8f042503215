import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RequestFile } from '@ltx-jobs/core';
import type { Simulator } from '@ltx-jobs/simulator';

const HERE = dirname(fileURLToPath(import.meta.url));

/** A worker process of the test cluster. */
export interface WorkerProcess {
  child: ChildProcess;
  pid: number;
  /** Everything it printed on stderr (for a failing test's message). */
  stderr: () => string;
  exited: Promise<void>;
}

/** Settings every worker of one cluster shares. */
export interface ClusterSettings {
  redisUrl: string;
  sim: Simulator;
  outDir: string;
  slots: number;
  pollMs: number;
  lockMs: number;
  /** Also serve useapi's queue (against the simulator's useapi API). */
  useapi?: boolean;
}

/** Spawns a worker process and waits until it takes jobs. */
export async function spawnWorker(settings: ClusterSettings): Promise<WorkerProcess> {
  const child = spawn(
    process.execPath,
    [
      join(HERE, 'worker-process.mjs'),
      settings.redisUrl,
      settings.outDir,
      settings.sim.ltxBaseUrl,
      String(settings.slots),
      String(settings.pollMs),
      String(settings.lockMs),
      ...(settings.useapi ? [settings.sim.useapiBaseUrl] : []),
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        LTX_API_KEY: settings.sim.ltxApiKey,
        USEAPI_API_TOKEN: settings.sim.useapiToken,
      },
    },
  );
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    err = (err + chunk.toString()).slice(-20_000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start: ${err}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited (${code}) before it was ready: ${err}`));
    });
  });
  return { child, pid: child.pid ?? 0, stderr: () => err, exited };
}

/** Runs a submitting process over `items` and returns what it printed, one object per request. */
export async function runSubmitter(
  redisUrl: string,
  items: { file: RequestFile; baseDir: string }[],
): Promise<{ jobId?: string; duplicate?: string }[]> {
  const list = join(mkdtempSync(join(tmpdir(), 'ltx-queue-submit-')), 'items.json');
  writeFileSync(list, JSON.stringify(items));
  const child = spawn(process.execPath, [join(HERE, 'submit-process.mjs'), redisUrl, list], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  // 'close', not 'exit': stdout may still hold lines when the process has exited.
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  if (code !== 0) throw new Error(`submitter exited ${code}: ${err}`);
  return out
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
}

/** Polls `check` every 100 ms until it returns true or `ms` passed. */
export async function waitUntil(
  check: () => Promise<boolean> | boolean,
  ms: number,
  what: string,
): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}`);
}

/** Files in `dir` (name -> size). */
export function filesIn(dir: string): Map<string, number> {
  const files = new Map<string, number>();
  for (const name of readdirSync(dir)) files.set(name, statSync(join(dir, name)).size);
  return files;
}

/** Stops a process (SIGKILL) and waits for it. */
export async function killProcess(worker: WorkerProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill(signal);
  await worker.exited;
}

/** A text-to-video request whose prompt makes it unique; `sim` directives shape its timing. */
export function textRequest(prompt: string): RequestFile {
  return {
    provider: 'ltx',
    endpoint: 'text-to-video',
    name: prompt.replace(/\W+/g, '-').slice(0, 40),
    request: { prompt, model: 'ltx-2-3-fast', duration: 6, resolution: '1920x1080' },
  };
}
