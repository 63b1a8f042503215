import { resolve } from 'node:path';
import {
  type AgentHost,
  type AgentJobs,
  type CoreJobRunner,
  type CostLimit,
  type JobRecord,
  type ProviderName,
  parseJobRef,
  readRequestText,
  UsageError,
} from '@ltx-jobs/core';
import { DEFAULT_OUTPUT_FOLDER } from '../commands/submit.js';
import { type CliConfig, requireKey } from '../config.js';
import { ledgerPath, openRunner, readLedger } from '../services.js';
import { createRefLocks } from './ref-locks.js';

/** A live job's status read by `ltx_status` gives up after this long (ms) and shows the ledger's state. */
const STATUS_READ_MS = 3000;

/** Options of {@link createCliAgentHost}. */
export interface CliAgentHostOptions {
  config: CliConfig;
  /** Folder that relative paths resolve against (the server's working directory, or `--root`). */
  root: string;
  /** Seconds between status reads; default: the core's 5 s. */
  pollIntervalSeconds?: number;
  /** `--max-cost`. */
  costLimit?: CostLimit;
  /** Where the core's log lines go (stderr: stdout carries the protocol). */
  log: (line: string) => void;
}

/**
 * The agent tools' view of the CLI: request files on disk, and the same file ledger and runner as
 * `ltx-jobs submit/watch/list`. Each call opens a runner over the ledger as it is on disk now (so jobs
 * that the CLI or the extension added meanwhile are seen) and disposes it afterwards; calls on one job
 * take turns.
 */
export function createCliAgentHost(options: CliAgentHostOptions): AgentHost {
  const { config, root } = options;
  const locks = createRefLocks();

  async function withRunner<T>(
    ref: string,
    provider: ProviderName,
    work: (runner: CoreJobRunner) => Promise<T>,
  ): Promise<T> {
    return locks.run(ref, async () => {
      const runner = await openRunner(config, [provider], options.log, options.pollIntervalSeconds);
      try {
        return await work(runner);
      } finally {
        runner.dispose();
      }
    });
  }

  function recordIn(runner: CoreJobRunner, ref: string): JobRecord {
    const record = runner.get(ref);
    if (!record) throw new UsageError(`${ref} is no longer in the ledger (${ledgerPath(config.home)})`);
    return record;
  }

  const jobs: AgentJobs = {
    async submit(file, submitOptions) {
      const key = `submit:${file.provider}`;
      // Nobody in this process watches the job between calls: its submit slot is freed at once.
      return withRunner(key, file.provider, (runner) =>
        runner.submit(file, { ...submitOptions, willWatch: false }),
      );
    },
    list: async () => (await readLedger(config.home)).records,
    get: async (ref) => (await readLedger(config.home)).records.find((r) => r.ref === ref),
    async refresh(ref, signal) {
      const { provider } = parseJobRef(ref);
      // Without the provider's key the ledger's last known state is all there is to show.
      const hasKey = provider === 'ltx' ? config.ltx.apiKey : config.useapi.apiToken;
      if (!hasKey) {
        const known = await jobs.get(ref);
        if (known) return known;
        requireKey(config, provider);
      }
      return withRunner(ref, provider, async (runner) => {
        await runner.watch(ref, {
          deadline: Date.now() + STATUS_READ_MS,
          readNow: true,
          ...(signal ? { signal } : {}),
        });
        return recordIn(runner, ref);
      });
    },
    follow(ref, followOptions) {
      return withRunner(ref, parseJobRef(ref).provider, async (runner) => {
        await runner.watch(ref, {
          deadline: followOptions.deadline,
          ...(followOptions.signal ? { signal: followOptions.signal } : {}),
          onUpdate: () => {
            const record = runner.get(ref);
            if (record) followOptions.onUpdate?.(record);
          },
        });
        return recordIn(runner, ref);
      });
    },
    download(ref, downloadOptions) {
      return withRunner(ref, parseJobRef(ref).provider, async (runner) => {
        await runner.download(ref, downloadOptions);
        return recordIn(runner, ref);
      });
    },
  };

  return {
    jobs,
    resolvePath: (path) => resolve(root, path),
    readText: readRequestText,
    showPath: (path) => path,
    outputDirFor: (loaded) => resolve(loaded.baseDir, loaded.file.output ?? DEFAULT_OUTPUT_FOLDER),
    ...(options.costLimit === undefined ? {} : { costLimit: options.costLimit }),
    ...(config.dailyBudget === undefined
      ? {}
      : { dailyBudget: { usd: config.dailyBudget, from: 'LTX_JOBS_DAILY_BUDGET' } }),
    ledgerLabel: ledgerPath(config.home),
  };
}
