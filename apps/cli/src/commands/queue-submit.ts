import { randomBytes } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { isDuplicateSubmitError, loadRequestFile, type RequestFile, UsageError } from '@ltx-jobs/core';
import { enqueueRequest, openTeam } from '@ltx-jobs/queue';
import { loadConfig } from '../config.js';
import { EXIT, exitCodeForError, worstExitCode } from '../exit-codes.js';
import { describeError, errorTypeOf } from '../output/format.js';
import { printRun } from '../output/print-run.js';
import type { JobSummary } from '../output/summary.js';
import type { CommandContext } from './context.js';
import { enforceCostLimits, estimateRun } from './cost.js';
import {
  parseArgs,
  QueueSubmitArgsSchema,
  queueSettingOf,
  refuseLocalOnlySubmitOptions,
} from './queue-args.js';
import { exitCodeOfTeamJob, submitterOf, summarizeTeamJob, waitForTeamJobs } from './queue-jobs.js';

/**
 * `ltx-jobs submit <files…> --queue redis://…`: validates every file (nothing is enqueued when one is
 * bad), then puts each in its provider's team queue, where the workers submit, follow and download it
 * into their shared folder. An input the team submitted before is refused (exit 7). With `--wait`,
 * follows the jobs until their files are in the shared folder.
 */
export async function runQueueSubmit(
  raw: Record<string, unknown>,
  context: CommandContext,
  url: string,
): Promise<number> {
  refuseLocalOnlySubmitOptions(raw);
  const args = parseArgs(QueueSubmitArgsSchema, raw);
  const loaded: { file: string; request: RequestFile }[] = [];
  for (const path of args.files.map((f) => resolve(f))) {
    const request = await loadRequestFile(path, { strict: args.strict });
    if (request.variations !== undefined) {
      throw new UsageError(
        `${path}: a file with "variations" is a run of several jobs; submit it without --queue`,
      );
    }
    loaded.push({ file: path, request });
  }
  const estimates = await estimateRun(loaded);
  const config = loadConfig(context.env);
  await enforceCostLimits(estimates, {
    maxCost: args.maxCost,
    dailyBudget: config.dailyBudget,
    home: config.home,
  });
  const team = await openTeam(url, { setting: queueSettingOf(raw) });
  try {
    const jobs: JobSummary[] = [];
    const enqueued: string[] = [];
    const runId = loaded.length > 1 ? randomBytes(4).toString('hex') : undefined;
    if (runId)
      context.io.stderr.write(
        `run ${runId}: ${loaded.length} jobs (ltx-jobs run status --queue … ${runId})\n`,
      );
    for (const { file, request } of loaded) {
      const estimate = estimates.files.find((f) => f.file === file)?.estimate;
      try {
        const job = await enqueueRequest(team, request, {
          baseDir: dirname(file),
          requestFile: file,
          estimate,
          allowDuplicate: args.allowDuplicate,
          runId,
        });
        enqueued.push(job.jobId);
        context.io.stderr.write(`${job.name ?? file}: queued as job ${job.jobId} on ${team.target.shown}\n`);
        jobs.push({
          file,
          state: 'queued',
          artifacts: [],
          ...(job.name ? { name: job.name } : {}),
          queue: { jobId: job.jobId },
        } as JobSummary);
      } catch (error) {
        const message = isDuplicateSubmitError(error)
          ? `${describeError(error)}. Follow it with "ltx-jobs watch --queue … ${error.previousRef}"`
          : describeError(error);
        jobs.push({
          file,
          state: 'not-submitted',
          artifacts: [],
          error: { type: errorTypeOf(error), message },
          reason: `${file}: ${message}`,
          exitCode: exitCodeForError(error),
        });
      }
    }
    if (args.wait && enqueued.length > 0) {
      const deadline = args.timeout === undefined ? undefined : Date.now() + args.timeout * 1000;
      const ended = await waitForTeamJobs(team, enqueued, {
        signal: context.interrupt.signal,
        deadline,
        onChange: (job) =>
          context.io.stderr.write(
            `${job.name ?? job.jobId}: ${job.queueState}${job.stage ? ` (${job.stage})` : ''}${job.ref ? ` ${job.ref}` : ''} — by ${submitterOf(job)}\n`,
          ),
      });
      for (const job of ended) {
        const index = jobs.findIndex((j) => (j as { queue?: { jobId: string } }).queue?.jobId === job.jobId);
        if (index >= 0)
          jobs[index] = {
            ...summarizeTeamJob(job),
            file: jobs[index]?.file ?? '',
            exitCode: exitCodeOfTeamJob(job),
          } as JobSummary;
      }
    }
    const exitCode = worstExitCode(jobs.map((j) => j.exitCode ?? EXIT.ok));
    printRun({ exitCode, jobs }, args.json, context.io);
    return exitCode;
  } finally {
    await team.close();
  }
}
