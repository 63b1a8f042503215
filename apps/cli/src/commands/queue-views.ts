import { formatLocalTime, UsageError } from '@ltx-jobs/core';
import { findTeamRun, openTeam, queueStatus, type Team, type TeamJob, teamJobs } from '@ltx-jobs/queue';
import { EXIT } from '../exit-codes.js';
import { formatState, formatTable } from '../output/format.js';
import { printRun } from '../output/print-run.js';
import type { CommandContext } from './context.js';
import { parseArgs, QueueViewArgsSchema, queueSettingOf } from './queue-args.js';
import {
  exitCodeOfTeamJob,
  pickTeamJob,
  submitterOf,
  summarizeTeamJob,
  waitForTeamJobs,
} from './queue-jobs.js';

async function withTeam<T>(
  raw: Record<string, unknown>,
  url: string,
  use: (team: Team) => Promise<T>,
): Promise<T> {
  const team = await openTeam(url, { setting: queueSettingOf(raw) });
  try {
    return await use(team);
  } finally {
    await team.close();
  }
}

/** The state column of a team job: the generation's state once known, else where it is in the queue. */
function stateText(job: TeamJob): string {
  if (job.record?.job) return formatState(job.record.job);
  if (job.stage === 'interrupted') return 'submit interrupted — may have been billed';
  if (job.queueState === 'active') return job.stage ?? 'starting';
  return job.queueState;
}

function table(jobs: readonly TeamJob[]): string {
  const rows = jobs.map((j) => [
    j.jobId.slice(0, 12),
    stateText(j),
    j.name ?? '',
    submitterOf(j),
    j.enqueuedAt ? formatLocalTime(Date.parse(j.enqueuedAt), Date.now()) : '',
    j.ref ?? '',
  ]);
  return formatTable([['JOB', 'STATE', 'NAME', 'SUBMITTED BY', 'QUEUED', 'REF'], ...rows]);
}

/** `ltx-jobs list --queue redis://…`: every job of the team queue, newest first, with who submitted it. */
export async function runQueueList(raw: Record<string, unknown>, context: CommandContext, url: string) {
  const args = parseArgs(QueueViewArgsSchema, raw);
  return withTeam(raw, url, async (team) => {
    const jobs = await teamJobs(team);
    if (args.json)
      context.io.stdout.write(`${JSON.stringify({ jobs: jobs.map(summarizeTeamJob) }, null, 2)}\n`);
    else if (jobs.length === 0)
      context.io.stdout.write(`No jobs in the team queue at ${team.target.shown}\n`);
    else context.io.stdout.write(`${table(jobs)}\n`);
    return EXIT.ok;
  });
}

/** `ltx-jobs status --queue redis://… <job>`: one team job (what the shared ledger knows; no request). */
export async function runQueueStatus(raw: Record<string, unknown>, context: CommandContext, url: string) {
  const args = parseArgs(QueueViewArgsSchema, raw);
  return withTeam(raw, url, async (team) => {
    const job = await pickTeamJob(team, args.ref ?? 'latest');
    const summary = summarizeTeamJob(job);
    if (args.json) {
      context.io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      return EXIT.ok;
    }
    const lines = [
      `job ${job.jobId} (${job.provider}) — ${stateText(job)}`,
      `submitted by ${submitterOf(job)}${job.enqueuedAt ? ` at ${formatLocalTime(Date.parse(job.enqueuedAt), Date.now())}` : ''}`,
      ...(job.name ? [`name ${job.name}`] : []),
      ...(job.ref ? [`ref ${job.ref}`] : []),
      ...(job.failedReason ? [`failed: ${job.failedReason}`] : []),
      ...summary.artifacts.filter((a) => a.path).map((a) => `  ${a.path}`),
    ];
    context.io.stdout.write(`${lines.join('\n')}\n`);
    return EXIT.ok;
  });
}

/** `ltx-jobs watch --queue redis://… <job>`: follows a team job until its files are in the shared folder. */
export async function runQueueWatch(raw: Record<string, unknown>, context: CommandContext, url: string) {
  const args = parseArgs(QueueViewArgsSchema, raw);
  return withTeam(raw, url, async (team) => {
    const picked = await pickTeamJob(team, args.ref ?? 'latest');
    const deadline = args.timeout === undefined ? undefined : Date.now() + args.timeout * 1000;
    const [job = picked] = await waitForTeamJobs(team, [picked.jobId], {
      signal: context.interrupt.signal,
      deadline,
      onChange: (j) => context.io.stderr.write(`${j.name ?? j.jobId}: ${stateText(j)}\n`),
    });
    const exitCode = context.interrupt.interrupted ? EXIT.interrupted : exitCodeOfTeamJob(job);
    printRun({ exitCode, jobs: [{ ...summarizeTeamJob(job), exitCode }] }, args.json, context.io);
    return exitCode;
  });
}

/** `ltx-jobs run status --queue redis://… <run>`: the team jobs of a multi-file submit. */
export async function runQueueRunStatus(raw: Record<string, unknown>, context: CommandContext, url: string) {
  const args = parseArgs(QueueViewArgsSchema, raw);
  return withTeam(raw, url, async (team) => {
    const all = await teamJobs(team);
    const wanted = args.run ?? 'latest';
    const runIds = [...new Set(all.map((j) => j.runId).filter((id): id is string => id !== undefined))];
    const runId =
      (wanted === 'latest'
        ? all.find((j) => j.runId)?.runId
        : runIds.find((id) => id.startsWith(wanted) || id.endsWith(wanted))) ??
      (await findTeamRun(team, wanted))?.run.id; // a run none of whose jobs got into the queue
    if (!runId) throw new UsageError(`No run "${wanted}" in the team queue`);
    const attempts = all.filter((j) => j.runId === runId);
    // A run written down by `submit --queue`: one row per planned job (its last attempt), and the
    // planned jobs that are not in the queue; else (another client's run) every job carrying its id.
    const recorded = await findTeamRun(team, runId);
    const byId = new Map(all.map((j) => [j.jobId, j] as const));
    const jobs = recorded
      ? recorded.run.jobs.flatMap((p) => {
          const last = byId.get((recorded.attempts.get(p.key) ?? []).at(-1) ?? '');
          return last ? [last] : [];
        })
      : attempts;
    const planned = recorded ? recorded.run.jobs.length : jobs.length;
    const missing = planned - jobs.length;
    const done = jobs.filter((j) => j.queueState === 'completed').length;
    const failed = jobs.filter((j) => j.queueState === 'failed').length;
    if (args.json) {
      const document = {
        run: {
          id: runId,
          ...(recorded ? { name: recorded.run.name } : {}),
          jobs: planned,
          done,
          failed,
          notQueued: missing,
        },
        jobs: jobs.map(summarizeTeamJob),
      };
      context.io.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
    } else {
      const name = recorded ? ` (${recorded.run.name})` : '';
      const more = `${failed ? `, ${failed} failed` : ''}${missing ? `, ${missing} not in the queue` : ''}`;
      context.io.stdout.write(`run ${runId}${name}: ${done} of ${planned} done${more}\n${table(jobs)}\n`);
    }
    if (recorded && failed + missing > 0)
      context.io.stderr.write(`Resume with: ltx-jobs run resume --queue … ${runId}\n`);
    return EXIT.ok;
  });
}

/** Slots kept for generations that may run unseen: `(1 held until 04:40: a submit cut off may still generate)`. */
function heldText(held: readonly { until: number }[]): string {
  if (held.length === 0) return '';
  const until = formatLocalTime(Math.max(...held.map((h) => h.until)), Date.now());
  return ` (${held.length} held until ${until}: a submit cut off may still be generating)`;
}

/** `ltx-jobs queue status`: per provider, account slots in use, waiting jobs and the workers alive. */
export async function runQueueOverview(raw: Record<string, unknown>, context: CommandContext, url: string) {
  const args = parseArgs(QueueViewArgsSchema, raw);
  return withTeam(raw, url, async (team) => {
    const status = await queueStatus(team);
    if (args.json) {
      context.io.stdout.write(
        `${JSON.stringify({ queue: team.target.shown, providers: status }, null, 2)}\n`,
      );
      return EXIT.ok;
    }
    const rows = status.map((s) => [
      s.provider,
      `${s.slotsInUse}/${s.slots ?? '?'}${heldText(s.held ?? [])}`,
      String(s.waiting),
      String(s.active),
      String(s.completed),
      String(s.failed),
      s.workers.length === 0 ? 'none' : `${s.workers.length} (${s.workers.join(', ')})`,
      s.pausedUntil ? `paused ${Math.ceil((s.pausedUntil - Date.now()) / 1000)} s (provider 429)` : '',
    ]);
    const head = ['PROVIDER', 'SLOTS IN USE', 'WAITING', 'ACTIVE', 'DONE', 'FAILED', 'WORKERS ALIVE', ''];
    context.io.stdout.write(`team queue ${team.target.shown}\n${formatTable([head, ...rows])}\n`);
    return EXIT.ok;
  });
}
