import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  createDeps,
  createLtxClient,
  createUseapiClient,
  type ProviderClient,
  type ProviderName,
  UsageError,
} from '@ltx-jobs/core';
import { redactRedisUrl, startTeamWorker } from '@ltx-jobs/queue';
import { hasKey, loadConfig, requireKey } from '../config.js';
import { EXIT } from '../exit-codes.js';
import { createStderrLogger } from '../output/logger.js';
import type { CommandContext } from './context.js';
import { parseArgs, queueSettingOf, queueUrlOf, WorkerArgsSchema } from './queue-args.js';

/**
 * `ltx-jobs worker --queue redis://… --out <shared dir>`: runs the team queue's jobs of every provider
 * whose key is set, until Ctrl-C (the jobs in hand finish first; a second Ctrl-C or a crash leaves them
 * to another worker, which resumes them by their provider id).
 */
export async function runWorker(raw: Record<string, unknown>, context: CommandContext): Promise<number> {
  const url = queueUrlOf(raw, context.env);
  if (!url)
    throw new UsageError('worker needs the team queue: --queue redis://host:6379 (or LTX_JOBS_QUEUE)');
  const args = parseArgs(WorkerArgsSchema, raw);
  const config = loadConfig(context.env);
  const log = (line: string) => context.io.stderr.write(`${redactRedisUrl(line)}\n`);
  const deps = createDeps({ logger: createStderrLogger(log, config.debug) });
  const clients: Partial<Record<ProviderName, ProviderClient>> = {};
  // No retry inside the clients: a 429 pauses the whole queue (every worker) instead.
  const submitRetry = { maxRetries: 0 };
  if (hasKey(config, 'ltx')) {
    const apiKey = requireKey(config, 'ltx');
    clients.ltx = createLtxClient({ apiKey, baseUrl: config.ltx.baseUrl, deps, submitRetry });
  }
  if (hasKey(config, 'useapi')) {
    const apiToken = requireKey(config, 'useapi');
    clients.useapi = createUseapiClient({ apiToken, baseUrl: config.useapi.baseUrl, deps, submitRetry });
  }
  if (Object.keys(clients).length === 0) requireKey(config, 'ltx');
  const outDir = resolve(args.out);
  mkdirSync(outDir, { recursive: true });
  const ltxSlots = args.slots ?? config.ltx.concurrentJobs;
  const worker = await startTeamWorker({
    url,
    clients,
    outDir,
    ...(ltxSlots === undefined ? {} : { slots: { ltx: ltxSlots } }),
    ...(args.pollInterval === undefined ? {} : { pollIntervalMs: Math.round(args.pollInterval * 1000) }),
    ...(args.lockTimeout === undefined ? {} : { lockMs: Math.round(args.lockTimeout * 1000) }),
    ...(args.interruptedHold === undefined
      ? {}
      : { interruptedHoldMs: Math.round(args.interruptedHold * 60_000) }),
    ...(config.maxUnsizedDownloadBytes === undefined
      ? {}
      : { downloads: { maxUnsizedBytes: config.maxUnsizedDownloadBytes } }),
    deps,
  }).catch((error: unknown) => {
    throw new Error(`${queueSettingOf(raw)}: ${redactRedisUrl(String((error as Error)?.message ?? error))}`);
  });
  const serving = Object.keys(clients).join(', ');
  log(`worker ${worker.name} serving ${serving} from ${worker.team.target.shown}; files go to ${outDir}`);
  await new Promise<void>((done) => {
    if (context.interrupt.signal.aborted) done();
    else context.interrupt.signal.addEventListener('abort', () => done(), { once: true });
  });
  log('stopping: finishing the jobs in hand (another worker resumes them if this one is killed)');
  await worker.close();
  return EXIT.ok;
}
