import { dirname } from 'node:path';
import {
  type CostEstimate,
  CostLimitError,
  checkDailyBudget,
  checkMaxCost,
  estimateCost,
  explainEstimate,
  formatUsd,
  isKnownCost,
  type PlannedJob,
  type RequestFile,
  spentToday,
  sumEstimates,
} from '@ltx-jobs/core';
import { EXIT } from '../exit-codes.js';
import type { Io } from '../output/print-run.js';
import { readLedger } from '../services.js';

/** The estimate of one request file of a run. */
export interface FileEstimate {
  file: string;
  name?: string;
  provider: string;
  endpoint: string;
  estimate: CostEstimate;
}

/** Every file's estimate and their total (`usd` sums the known ones; `unknown` counts the others). */
export interface RunEstimate {
  files: FileEstimate[];
  total: { usd: number; low: number; high: number; unknown: number };
}

/**
 * Estimates each validated request (reading the length of its input media, relative to `baseDir`,
 * default the file's folder) and the run's total.
 */
export async function estimateRun(
  loaded: readonly { file: string; request: RequestFile; baseDir?: string }[],
): Promise<RunEstimate> {
  const files = await Promise.all(
    loaded.map(async ({ file, request, baseDir }) => ({
      file,
      ...(request.name === undefined ? {} : { name: request.name }),
      provider: request.provider,
      endpoint: request.endpoint,
      estimate: await estimateCost(request, { baseDir: baseDir ?? dirname(file) }),
    })),
  );
  return { files, total: sumEstimates(files.map((f) => f.estimate)) };
}

/** The estimates `jobs` were planned with (what a resume sends again), as a run estimate. */
export function plannedEstimate(jobs: readonly PlannedJob[]): RunEstimate {
  const files = jobs.flatMap((job) =>
    job.estimate
      ? [
          {
            file: job.requestFile,
            name: job.name,
            provider: job.file.provider,
            endpoint: job.file.endpoint,
            estimate: job.estimate,
          },
        ]
      : [],
  );
  return { files, total: sumEstimates(files.map((f) => f.estimate)) };
}

/** `total ≈ $0.68 for 2 files` (or jobs: `noun`), with the number whose cost is unknown. */
export function totalLine(run: RunEstimate, noun = 'file'): string {
  const { total } = run;
  const range =
    total.low !== total.high ? `${formatUsd(total.low)}–${formatUsd(total.high)}` : formatUsd(total.usd);
  const unknown = total.unknown > 0 ? `; ${total.unknown} of them unknown, not counted` : '';
  return `total ≈ ${range} for ${run.files.length} ${noun}${run.files.length === 1 ? '' : 's'}${unknown} (estimate, not a bill)`;
}

/**
 * `submit --dry-run`: prints each file's estimate and the total, sends nothing, returns exit 0. With
 * `json`, stdout gets `{ exitCode: 0, dryRun: true, jobs: [{ file, name?, provider, endpoint, state:
 * 'not-submitted', estimate }], total }`.
 */
export function printDryRun(run: RunEstimate, json: boolean, io: Io): number {
  if (json) {
    const jobs = run.files.map((f) => ({ ...f, state: 'not-submitted', artifacts: [] }));
    io.stdout.write(
      `${JSON.stringify({ exitCode: EXIT.ok, dryRun: true, jobs, total: run.total }, null, 2)}\n`,
    );
  } else {
    for (const f of run.files)
      io.stdout.write(`${f.file}\n  ${f.provider}:${f.endpoint} ${explainEstimate(f.estimate)}\n`);
    io.stdout.write(`${totalLine(run)}\n`);
  }
  io.stderr.write('dry run: every file is valid; nothing was sent\n');
  return EXIT.ok;
}

/**
 * Refuses the run (throws {@link CostLimitError}) before anything is sent when its total is above
 * `--max-cost` (a file of unknown cost cannot be shown to fit, so it is refused too), or would take
 * today's estimated spend (the ledger's, or the team's with `spentToday`) over the daily budget.
 */
export async function enforceCostLimits(
  run: RunEstimate,
  limits: {
    maxCost?: number | undefined;
    dailyBudget?: number | undefined;
    home: string;
    now?: number;
    /** Today's estimated spend to check the budget against (a team queue's); default: the ledger in `home`. */
    spentToday?: (() => Promise<number>) | undefined;
  },
): Promise<void> {
  const unknown = run.files.filter((f) => !isKnownCost(f.estimate));
  if (limits.maxCost !== undefined) {
    if (unknown.length > 0) {
      const why = unknown.map((f) => `${f.file}: ${(f.estimate as { unknown: string }).unknown}`).join('; ');
      throw new CostLimitError(
        `--max-cost cannot be checked: the cost of ${why}. Nothing was sent`,
        'max-cost',
      );
    }
    checkMaxCost(limits.maxCost, run.total.usd);
  }
  if (limits.dailyBudget !== undefined) {
    const now = limits.now ?? Date.now();
    const spent = limits.spentToday
      ? await limits.spentToday()
      : spentToday((await readLedger(limits.home)).records, now);
    const what = run.files.length === 1 ? 'this submit' : `these ${run.files.length} submits`;
    checkDailyBudget(limits.dailyBudget, spent, run.total.usd, what);
  }
}
