import { resolve } from 'node:path';
import { UsageError } from '@ltx-jobs/core';
import { DownloadArgsSchema, parseArgs } from '../args.js';
import { loadConfig, requireKey } from '../config.js';
import { EXIT, exitCodeForError } from '../exit-codes.js';
import { describeError, errorTypeOf } from '../output/format.js';
import { printRun } from '../output/print-run.js';
import { createProgressReporter } from '../output/progress.js';
import { type JobSummary, summaryFromRecord } from '../output/summary.js';
import { noticeDeprecations, openRunner } from '../services.js';
import type { CommandContext } from './context.js';
import { jobArg } from './job-arg.js';

/**
 * `ltx-jobs download <job> [--out <dir>]`: downloads every artifact of a succeeded job that is not
 * complete on disk (never fetched, deleted or cut short), each atomically. A job that has not ended
 * well is refused with what to do instead.
 */
export async function runDownload(raw: Record<string, unknown>, context: CommandContext): Promise<number> {
  const args = parseArgs(DownloadArgsSchema, raw);
  const found = await jobArg(args.ref, context);
  const record = found.record;
  if (!record) {
    throw new UsageError(
      `${found.ref} is not in the ledger (${found.location}); follow it with: ltx-jobs watch ${found.ref}`,
    );
  }
  const state = record.job?.state ?? 'queued';
  if (state !== 'succeeded') {
    const hint =
      state === 'queued' || state === 'running' || state === 'unknown'
        ? ` (ltx-jobs watch ${record.ref} follows it to its files)`
        : '';
    throw new UsageError(`${record.ref} is ${state}; only a succeeded job has artifacts to download${hint}`);
  }
  const config = loadConfig(context.env);
  requireKey(config, record.provider);
  noticeDeprecations([record.provider], context.io);
  const reporter = createProgressReporter(context.progressStream, { bars: true });
  const runner = await openRunner(config, [record.provider], (line) => reporter.log(line));
  let job: JobSummary;
  try {
    reporter.started(record.ref, record.name ?? record.ref);
    await runner.download(record.ref, {
      ...(args.out === undefined ? {} : { outputDir: resolve(args.out) }),
      signal: context.interrupt.signal,
      onProgress: (progress) => reporter.download(record.ref, progress),
    });
    const after = runner.get(record.ref) ?? record;
    job = { ...summaryFromRecord(after), exitCode: EXIT.ok };
    reporter.finished(record.ref, 'downloaded');
  } catch (error) {
    const message = describeError(error);
    job = {
      ...summaryFromRecord(runner.get(record.ref) ?? record),
      exitCode: exitCodeForError(error),
      error: { type: errorTypeOf(error), message },
      reason: `${record.ref}: ${message}`,
    };
  } finally {
    reporter.stop();
    runner.dispose();
  }
  const exitCode = job.exitCode ?? EXIT.ok;
  printRun({ exitCode, jobs: [job] }, args.json, context.io);
  return exitCode;
}
