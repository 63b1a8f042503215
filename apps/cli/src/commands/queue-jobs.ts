import { UsageError } from '@ltx-jobs/core';
import { type Team, type TeamJob, teamJobs } from '@ltx-jobs/queue';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { type JobSummary, summaryFromRecord } from '../output/summary.js';

/** A team job in `--json` output: the job's summary plus where it stands in the queue and who sent it. */
export type TeamJobSummary = JobSummary & {
  queue: { jobId: string; state: string; stage?: string; submittedBy?: string };
};

/** `user@host` of a team job's submitter. */
export function submitterOf(job: TeamJob): string {
  return job.submittedBy ? `${job.submittedBy.user}@${job.submittedBy.host}` : '?';
}

/** The exit code a team job alone gives: 0 once its files are in the shared folder. */
export function exitCodeOfTeamJob(job: TeamJob): ExitCode {
  if (job.queueState === 'completed') return EXIT.ok;
  if (job.queueState === 'failed')
    return job.record?.job?.state === 'expired' ? EXIT.expired : EXIT.jobFailed;
  return EXIT.networkTimeout;
}

/** What `list`, `status`, `watch` and `submit --wait` print of a team job. */
export function summarizeTeamJob(job: TeamJob): TeamJobSummary {
  const base: JobSummary = job.record
    ? summaryFromRecord(job.record)
    : {
        state:
          job.stage === 'interrupted'
            ? 'submit-interrupted'
            : job.queueState === 'failed'
              ? 'not-submitted'
              : 'queued',
        ...(job.name === undefined ? {} : { name: job.name }),
        ...(job.enqueuedAt === undefined ? {} : { submittedAt: job.enqueuedAt }),
        artifacts: [],
      };
  const failed = job.queueState === 'failed' && job.failedReason;
  return {
    ...base,
    ...(failed
      ? {
          error: { type: 'queue_job_failed', message: job.failedReason ?? '' },
          reason: `${job.ref ?? job.jobId}: ${job.failedReason}`,
        }
      : {}),
    queue: {
      jobId: job.jobId,
      state: job.queueState,
      ...(job.stage === undefined ? {} : { stage: job.stage }),
      submittedBy: submitterOf(job),
    },
  };
}

/**
 * The team job a `<job>` argument names: its queue job id (or a unique prefix of it), its provider
 * ref, `latest`, or its name. Throws UsageError saying what matched.
 */
export async function pickTeamJob(team: Team, wanted: string): Promise<TeamJob> {
  const jobs = await teamJobs(team);
  if (wanted === 'latest') {
    const newest = jobs[0];
    if (!newest) throw new UsageError('The team queue has no jobs yet');
    return newest;
  }
  const exact = jobs.find((j) => j.jobId === wanted || j.ref === wanted);
  if (exact) return exact;
  const matches = jobs.filter(
    (j) => j.jobId.startsWith(wanted) || j.name === wanted || j.ref?.endsWith(`/${wanted}`),
  );
  if (matches.length === 1) return matches[0] as TeamJob;
  if (matches.length > 1)
    throw new UsageError(
      `"${wanted}" names ${matches.length} team jobs: give more of the job id (${matches
        .slice(0, 3)
        .map((j) => j.jobId)
        .join(', ')}…)`,
    );
  throw new UsageError(`No job "${wanted}" in the team queue (a job id, a ref, latest or a name)`);
}

/** Polls the team jobs `jobIds` until every one completed or failed, or `deadline` (epoch ms) passes. */
export async function waitForTeamJobs(
  team: Team,
  jobIds: readonly string[],
  options: { signal: AbortSignal; deadline?: number | undefined; onChange?: (job: TeamJob) => void },
): Promise<TeamJob[]> {
  const seen = new Map<string, string>();
  for (;;) {
    const all = await teamJobs(team);
    const mine = jobIds
      .map((id) => all.find((j) => j.jobId === id))
      .filter((j): j is TeamJob => j !== undefined);
    for (const job of mine) {
      const key = `${job.queueState}/${job.stage ?? ''}/${job.record?.job?.state ?? ''}`;
      if (seen.get(job.jobId) !== key) {
        seen.set(job.jobId, key);
        options.onChange?.(job);
      }
    }
    const ended = mine.every((j) => j.queueState === 'completed' || j.queueState === 'failed');
    if (ended || options.signal.aborted || (options.deadline !== undefined && Date.now() >= options.deadline))
      return mine;
    await new Promise((r) => setTimeout(r, 500));
  }
}
