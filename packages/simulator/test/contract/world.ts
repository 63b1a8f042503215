import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createDeps,
  createLtxClient,
  createUseapiClient,
  type Deps,
  downloadArtifact,
  type Job,
  jobRefOf,
  type ProviderClient,
  realSleep,
  watchJob,
} from '@ltx-jobs/core';
import { type Simulator, type SimulatorOptions, startSimulator } from '../../src/index.js';

/** Test timing: jobs end after about 80 ms. */
export const CONTRACT_TIMING = { pendingMs: 20, processingMs: 60 } as const;

/** A simulator, real core clients on real fetch, and a scratch folder. */
export interface ContractWorld {
  sim: Simulator;
  deps: Deps;
  ltx: ProviderClient;
  useapi: ProviderClient;
  /**
   * Every delay the core asked `sleep` for, in ms. The core's clock is virtual: a sleep really waits at
   * most 10 ms and moves `deps.now()` on by the whole delay, so Retry-After waits cost no real time.
   */
  sleeps: number[];
  /** Warnings the core logged. */
  warnings: string[];
  dir: string;
  close(): Promise<void>;
}

/**
 * Starts the simulator (real time, fast jobs) and core's clients against it, on real fetch with a
 * virtual clock (see `sleeps`): Retry-After and backoff are asserted from what the core asked for.
 */
export async function startWorld(options: SimulatorOptions = {}): Promise<ContractWorld> {
  const sim = await startSimulator({ ...CONTRACT_TIMING, ...options });
  const sleeps: number[] = [];
  const warnings: string[] = [];
  let skew = 0;
  const deps = createDeps({
    now: () => Date.now() + skew,
    sleep: async (ms, signal) => {
      sleeps.push(ms);
      const real = Math.min(ms, 10);
      await realSleep(real, signal);
      skew += Math.max(0, ms - real);
    },
    logger: {
      debug() {},
      info() {},
      warn: (message) => warnings.push(message),
      error: (message) => warnings.push(message),
    },
  });
  const dir = mkdtempSync(join(tmpdir(), 'ltx-sim-contract-'));
  return {
    sim,
    deps,
    ltx: createLtxClient({ apiKey: sim.ltxApiKey, baseUrl: sim.ltxBaseUrl, deps, timeoutMs: 5000 }),
    useapi: createUseapiClient({
      apiToken: sim.useapiToken,
      baseUrl: sim.useapiBaseUrl,
      deps,
      timeoutMs: 5000,
    }),
    sleeps,
    warnings,
    dir,
    async close() {
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Submits `body` to `endpoint` with `client` and watches the job to its end (10 ms between reads),
 * pushing every update into `updates`.
 */
export async function submitAndWatch(
  w: ContractWorld,
  client: ProviderClient,
  endpoint: string,
  body: Record<string, unknown>,
  updates: Job[] = [],
) {
  const submitted = await client.submit(endpoint, body);
  const ref = jobRefOf({ provider: client.provider, endpoint, id: submitted.id });
  const onUpdate = (job: Job) => updates.push(job);
  const outcome = await watchJob(client, ref, { intervalMs: 10, onUpdate }, w.deps);
  return { ref, outcome, submitted };
}

/** Downloads `url` with the core into the world's folder as `fileName` and returns the bytes on disk. */
export async function downloadBytes(w: ContractWorld, url: string, fileName: string): Promise<Buffer> {
  const file = await downloadArtifact({ url, dir: w.dir, fileName, deps: w.deps });
  return readFileSync(file.path);
}

/** A valid LTX text-to-video body. */
export function t2v(
  prompt = 'a lighthouse at dusk',
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { prompt, model: 'ltx-2-3-fast', duration: 6, resolution: '1920x1080', ...extra };
}
