import { type PlannedJob, UsageError } from '@ltx-jobs/core';
import {
  findTeamRun,
  mediaStillCarried,
  openTeam,
  type Team,
  type TeamJob,
  teamJobs,
  teamSpentToday,
} from '@ltx-jobs/queue';
import { loadConfig } from '../config.js';
import { EXIT } from '../exit-codes.js';
import type { CommandContext } from './context.js';
import { enforceCostLimits, plannedEstimate, totalLine } from './cost.js';
import { parseArgs, QueueResumeArgsSchema, queueSettingOf, refuseLocalOnlyOptions } from './queue-args.js';
import { enqueuePlanned, finishTeamJobs, type QueuedSummary } from './queue-enqueue.js';
import { exitCodeOfTeamJob, summarizeTeamJob } from './queue-jobs.js';

/** What a resume does with one planned job of a team run. */
type Step =
  | { kind: 'enqueue'; job: PlannedJob; retryOf?: string; allowDuplicate: boolean; last?: TeamJob }
  | { kind: 'follow' | 'done' | 'leave'; job: PlannedJob; last: TeamJob };

/**
 * The step of each planned job from its last attempt: never enqueued (or gone from the queue) or
 * failed → enqueued again (the failed attempt's input claim handed over, so two machines resuming at
 * once enqueue it once); waiting or running → followed; completed → done. A submit cut off mid-POST
 * ("may have been billed") is left alone unless `allowDuplicate`.
 */
function planSteps(
  jobs: readonly PlannedJob[],
  attempts: Map<string, string[]>,
  queue: Map<string, TeamJob>,
  allowDuplicate: boolean,
): Step[] {
  return jobs.map((job): Step => {
    const tried = attempts.get(job.key) ?? [];
    const lastId = tried[tried.length - 1];
    const last = lastId === undefined ? undefined : queue.get(lastId);
    if (!last) return { kind: 'enqueue', job, ...(lastId ? { retryOf: lastId } : {}), allowDuplicate: false };
    if (last.queueState === 'completed') return { kind: 'done', job, last };
    if (last.queueState !== 'failed') return { kind: 'follow', job, last };
    if (last.stage === 'interrupted' && !allowDuplicate) return { kind: 'leave', job, last };
    return { kind: 'enqueue', job, retryOf: last.jobId, allowDuplicate: last.stage === 'interrupted', last };
  });
}

/**
 * `ltx-jobs run resume --queue redis://… <run>`: finishes a run submitted to the team queue. Enqueues
 * again only its jobs that never got into the queue or failed (each a new attempt), follows those
 * waiting or running, leaves the done ones. A job whose submit was cut off ("may have been billed")
 * is enqueued again only with --allow-duplicate. --max-cost and the team's daily budget apply to what
 * is enqueued again. With --no-wait it only enqueues.
 */
export async function runQueueRunResume(
  raw: Record<string, unknown>,
  context: CommandContext,
  url: string,
): Promise<number> {
  refuseLocalOnlyOptions(raw, 'run resume');
  const args = parseArgs(QueueResumeArgsSchema, raw);
  const config = loadConfig(context.env);
  const team = await openTeam(url, { setting: queueSettingOf(raw) });
  try {
    const found = await findTeamRun(team, args.run);
    if (!found) throw new UsageError(noRun(team, args.run));
    const { run, attempts } = found;
    const queue = new Map((await teamJobs(team)).map((j) => [j.jobId, j] as const));
    const steps = planSteps(run.jobs, attempts, queue, args.allowDuplicate);
    const count = (kind: Step['kind']) => steps.filter((s) => s.kind === kind).length;
    const again = steps.filter((s): s is Extract<Step, { kind: 'enqueue' }> => s.kind === 'enqueue');
    const estimate = plannedEstimate(again.map((s) => s.job));
    const { stderr } = context.io;
    const left =
      count('leave') > 0
        ? `, leaving ${count('leave')} alone (submit interrupted — may have been billed; --allow-duplicate enqueues them again)`
        : '';
    stderr.write(
      `run ${run.id} (${run.name}) on ${team.target.shown}: ${count('done')} of ${run.jobs.length} done; enqueuing ${again.length} again, following ${count('follow')}${left}\n`,
    );
    if (again.length > 0) stderr.write(`enqueued again: ${totalLine(estimate, 'job')}\n`);
    await enforceCostLimits(estimate, {
      maxCost: args.maxCost,
      dailyBudget: config.dailyBudget,
      home: config.home,
      spentToday: () => teamSpentToday(team),
    });
    const summaries: QueuedSummary[] = [];
    for (const step of steps) {
      if (step.kind === 'enqueue') {
        // The media the failed attempt carried go again (this machine may not have the files).
        const carried = step.last?.media ?? [];
        const media = (await mediaStillCarried(team.redis, carried)) ? carried : undefined;
        const options = { runId: run.id, allowDuplicate: step.allowDuplicate, retryOf: step.retryOf, media };
        summaries.push(await enqueuePlanned(team, step.job, options, context));
      } else {
        const running = step.kind === 'follow' && !args.wait; // --no-wait: running is fine
        const summary = {
          ...summarizeTeamJob(step.last),
          file: step.job.requestFile,
          exitCode: running ? EXIT.ok : exitCodeOfTeamJob(step.last),
        };
        summaries.push(summary as QueuedSummary);
      }
    }
    return await finishTeamJobs(team, summaries, args, context);
  } finally {
    await team.close();
  }
}

function noRun(team: Team, query: string): string {
  return `No run "${query}" in the team queue at ${team.target.shown}: a submit --queue of several files, variations or a manifest makes one (list the team's jobs with: ltx-jobs list --queue …)`;
}
