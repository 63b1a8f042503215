import type { RunRecord } from '@ltx-jobs/core';
import { currentSubmitter, openTeam, saveTeamRun, teamSpentToday } from '@ltx-jobs/queue';
import { loadConfig } from '../config.js';
import type { CommandContext } from './context.js';
import { enforceCostLimits, totalLine } from './cost.js';
import { resolveFromSource } from './from-source.js';
import { planSubmit, runRecordOf } from './plan-submit.js';
import {
  parseArgs,
  QueueSubmitArgsSchema,
  queueSettingOf,
  refuseLocalOnlySubmitOptions,
} from './queue-args.js';
import { enqueuePlanned, finishTeamJobs, type QueuedSummary } from './queue-enqueue.js';

/**
 * `ltx-jobs submit <files…> --queue redis://…`: plans every job as a local submit does (request
 * files, variations, manifests, a CSV with `--template`, `--from`; nothing is enqueued when one is
 * bad unless `--skip-invalid`), checks `--max-cost` and the daily budget against the team's spend
 * today, writes a run of several jobs down in the team queue (`run status/resume --queue` read it),
 * then puts each job in its provider's queue with its local media, where the workers submit, follow
 * and download it into their shared folder. An input the team submitted before is refused (exit 7).
 * With `--wait`, follows the jobs until their files are in the shared folder.
 */
export async function runQueueSubmit(
  raw: Record<string, unknown>,
  context: CommandContext,
  url: string,
): Promise<number> {
  refuseLocalOnlySubmitOptions(raw);
  const args = parseArgs(QueueSubmitArgsSchema, raw);
  const config = loadConfig(context.env);
  const from = args.from === undefined ? undefined : await resolveFromSource(args.from, config.home);
  const { plan, estimates } = await planSubmit(args, context.io, from);
  const { stderr } = context.io;
  const jobs = plan.jobs.map((job, i) => {
    const estimate = estimates.files[i]?.estimate;
    return estimate === undefined ? job : { ...job, estimate };
  });
  const team = await openTeam(url, { setting: queueSettingOf(raw) });
  try {
    await enforceCostLimits(estimates, {
      maxCost: args.maxCost,
      dailyBudget: config.dailyBudget,
      home: config.home,
      spentToday: () => teamSpentToday(team),
    });
    let run: RunRecord | undefined;
    if (jobs.length > 1 || plan.kind !== 'files') {
      run = runRecordOf(plan, jobs, estimates);
      // Written down before the first job is enqueued, so `run resume --queue` knows every job.
      await saveTeamRun(team, run, currentSubmitter(context.env));
      stderr.write(
        `run ${run.id}: ${run.name}, ${jobs.length} jobs, ${totalLine(estimates, 'job')} (ltx-jobs run status --queue … ${run.id})\n`,
      );
    }
    const summaries: QueuedSummary[] = [];
    for (const job of jobs) {
      summaries.push(
        await enqueuePlanned(team, job, { runId: run?.id, allowDuplicate: args.allowDuplicate }, context),
      );
    }
    return await finishTeamJobs(team, summaries, args, context);
  } finally {
    await team.close();
  }
}
