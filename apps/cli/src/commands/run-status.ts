import {
  findRun,
  formatRunTotal,
  plannedJobSource,
  type RunJobStatus,
  type RunProgress,
  runProgress,
  UsageError,
} from '@ltx-jobs/core';
import { parseArgs, RunStatusArgsSchema } from '../args.js';
import { EnvSchema, resolveHome } from '../config.js';
import { formatTable, recordStateText } from '../output/format.js';
import { summaryFromRecord } from '../output/summary.js';
import { readLedger } from '../services.js';
import type { CommandContext } from './context.js';
import { openRunStore, runInfo } from './run-jobs.js';

/** The run `query` names in the ledger in `home`, with its progress; UsageError when there is none. */
export async function loadRun(home: string, query: string): Promise<RunProgress> {
  const runs = await openRunStore(home).list();
  const run = findRun(runs, query);
  if (!run) {
    const hint =
      runs.length === 0 ? 'no run has been submitted yet' : `the newest is ${runs[0]?.id} ("latest")`;
    throw new UsageError(`No run "${query}" in ${home}: ${hint}. List them with: ltx-jobs run list`);
  }
  const { records, intents } = await readLedger(home);
  return runProgress(run, records, intents);
}

function stateText(status: RunJobStatus): string {
  if (status.state === 'not-submitted') return 'not sent';
  return status.record ? recordStateText(status.record) : status.state;
}

/**
 * `ltx-jobs run status <run>`: a run's jobs from the ledger (state, attempt, files, ref or where it
 * came from) and its progress. Reads the ledger only; needs no key.
 */
export async function runRunStatus(raw: Record<string, unknown>, context: CommandContext): Promise<number> {
  const args = parseArgs(RunStatusArgsSchema, raw);
  const progress = await loadRun(resolveHome(EnvSchema.parse(context.env)), args.run);
  const { run } = progress;
  const { stdout } = context.io;
  if (args.json) {
    const jobs = progress.jobs.map((s) => ({
      key: s.job.key,
      name: s.job.name,
      ...(s.record ? summaryFromRecord(s.record) : { file: s.job.requestFile, artifacts: [] }),
      ...(s.job.line === undefined ? {} : { line: s.job.line }),
      ...(s.job.variantKey === undefined ? {} : { variantKey: s.job.variantKey }),
      state: s.state,
      attempts: s.attempts,
    }));
    const document = {
      run: {
        ...runInfo(progress),
        createdAt: run.createdAt,
        sources: run.sources,
        ...(run.skipped ? { skipped: run.skipped } : {}),
      },
      jobs,
    };
    stdout.write(`${JSON.stringify(document, null, 2)}\n`);
    return 0;
  }
  const head: [string, string][] = [
    ['run:', run.id],
    ['name:', `${run.name} (${run.kind})`],
    ['created:', run.createdAt],
    ['progress:', progress.text],
    ['estimate:', run.total ? `${formatRunTotal(run.total)} (estimate, not a bill)` : ''],
  ];
  stdout.write(`${formatTable(head.filter(([, v]) => v !== ''))}\n\n`);
  const rows = progress.jobs.map((s) => [
    stateText(s),
    s.job.name,
    s.attempts > 1 ? String(s.attempts) : '',
    s.record ? `${s.record.downloads.length}/${s.record.job?.artifacts.length ?? 0}` : '',
    s.record?.ref ?? plannedJobSource(s.job),
  ]);
  stdout.write(`${formatTable([['STATE', 'NAME', 'TRIES', 'FILES', 'REF'], ...rows])}\n`);
  const c = progress.counts;
  if (c.failed + c.notSubmitted + c.running > 0)
    context.io.stderr.write(`Resume with: ltx-jobs run resume ${run.id}\n`);
  return 0;
}

/** `ltx-jobs run list`: every run, newest first, with its progress. Reads the ledger only. */
export async function runRunList(raw: Record<string, unknown>, context: CommandContext): Promise<number> {
  const args = parseArgs(RunStatusArgsSchema.pick({ json: true }), raw);
  const home = resolveHome(EnvSchema.parse(context.env));
  const runs = await openRunStore(home).list();
  const { records, intents } = await readLedger(home);
  const progress = runs.map((run) => runProgress(run, records, intents));
  if (args.json) {
    context.io.stdout.write(
      `${JSON.stringify(
        progress.map((p) => ({ ...runInfo(p), createdAt: p.run.createdAt })),
        null,
        2,
      )}\n`,
    );
    return 0;
  }
  if (runs.length === 0) {
    context.io.stderr.write(
      'No runs yet. A submit of a file with variations, a manifest or several files makes one.\n',
    );
    return 0;
  }
  const rows = progress.map((p) => [p.run.id, p.run.name, p.text, p.run.createdAt.replace(/\.\d+Z$/, 'Z')]);
  context.io.stdout.write(`${formatTable([['RUN', 'NAME', 'PROGRESS', 'CREATED'], ...rows])}\n`);
  return 0;
}
