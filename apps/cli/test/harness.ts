import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspectMp4, type Mp4Summary, type SimulatorOptions, startSimulator } from '@ltx-jobs/simulator';

const here = dirname(fileURLToPath(import.meta.url));
/** The built CLI (bundled by global-setup.ts). */
export const CLI = join(here, '..', 'dist', 'cli.js');
/** The repository's examples folder. */
export const EXAMPLES = join(here, '..', '..', '..', 'examples');

/** A simulator on a random loopback port plus a temp folder for the ledger and outputs. */
export interface TestWorld {
  sim: Awaited<ReturnType<typeof startSimulator>>;
  /** Scratch folder: `home/` holds the ledger, `out/` the downloads. */
  dir: string;
  home: string;
  out: string;
  /** Env for the CLI: keys and base URLs of the simulator, LTX_JOBS_HOME in `dir`. */
  env: Record<string, string>;
  /** Submits the simulator accepted (both APIs). */
  submits(): number;
  /** Every request the simulator received so far (APIs, uploads and downloads, any answer). */
  received(): number;
  close(): Promise<void>;
}

/** Starts a simulator for one test file. */
export async function startWorld(options: SimulatorOptions = {}): Promise<TestWorld> {
  const sim = await startSimulator(options);
  const dir = mkdtempSync(join(tmpdir(), 'ltx-jobs-cli-'));
  const home = join(dir, 'home');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    ...sim.env,
    LTX_JOBS_HOME: home,
  };
  return {
    sim,
    dir,
    home,
    out: join(dir, 'out'),
    env,
    submits: () =>
      sim.requestsWhere({ op: 'submit' }).filter((r) => r.status >= 200 && r.status < 300).length,
    received: () => sim.requests.length,
    async close() {
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What a finished CLI run left. */
export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Spawns the built CLI; `done` resolves when it exits. */
export function spawnCli(
  args: readonly string[],
  options: { env: Record<string, string>; cwd?: string },
): { child: ChildProcess; done: Promise<CliRun>; stderr: () => string } {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: options.env,
    cwd: options.cwd ?? EXAMPLES,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const done = new Promise<CliRun>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done, stderr: () => stderr };
}

/** Runs the built CLI to its end. */
export function runCli(args: readonly string[], options: { env: Record<string, string>; cwd?: string }) {
  return spawnCli(args, options).done;
}

/**
 * Reads the MP4 at `path` box by box (ftyp, moov with a video track and a duration, mdat, nothing cut
 * short) and returns what it holds; throws when it is not a playable MP4.
 */
export function playableMp4(path: string): Mp4Summary {
  return inspectMp4(readFileSync(path));
}

/** Polls `check` every 50 ms until it returns a value (no fixed sleeps in tests). */
export async function eventually<T>(check: () => T | undefined, what: string, limitMs = 20_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() - started > limitMs) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A fresh ledger folder inside the world, so tests do not see each other's jobs. */
export function envWithHome(world: TestWorld, name: string): Record<string, string> {
  return { ...world.env, LTX_JOBS_HOME: join(world.dir, `home-${name}`) };
}

/** Every file under `dir` concatenated (to find a ref in the ledger, whatever its file layout). */
export function readTree(dir: string): string {
  let text = '';
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return '';
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    text += entry.isDirectory() ? readTree(path) : readFileSync(path, 'utf8');
  }
  return text;
}

/** Writes a request file into `dir` and returns its path. */
export function writeRequestFile(dir: string, name: string, content: unknown): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.ltx.json`);
  writeFileSync(path, typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
  return path;
}

/** A valid LTX text-to-video request file body with `prompt`. */
export function textToVideo(prompt: string, name?: string): Record<string, unknown> {
  return {
    provider: 'ltx',
    endpoint: 'text-to-video',
    ...(name ? { name } : {}),
    request: { prompt, model: 'ltx-2-3-fast', resolution: '1920x1080', duration: 6, fps: 24 },
  };
}
