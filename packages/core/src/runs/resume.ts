import type { JobRecord } from '../ledger/types.js';
import type { RunJobStatus, RunProgress } from './run-progress.js';
import type { PlannedJob } from './run-record.js';

/** What `run resume` does with one planned job. */
export type ResumeStep =
  /** Never got an id, or ended failed/expired: submit it (again) as this attempt. */
  | { kind: 'submit'; job: PlannedJob; attempt: number; previous?: JobRecord }
  /** Running, or succeeded: follow it to its files (downloads only what is missing). Never resubmitted. */
  | { kind: 'follow'; job: PlannedJob; record: JobRecord }
  /** Left alone, and why (cancelled by the user, a submit that may have been billed, one under way). */
  | { kind: 'skip'; job: PlannedJob; why: SkipReason; reason: string; record?: JobRecord };

/** Why `run resume` leaves a job alone. */
export type SkipReason = 'interrupted' | 'submitting' | 'cancelled';

/**
 * What resuming a run does, job by job: jobs that never got an id or ended failed/expired are
 * submitted again (a new attempt, so a new input hash); running and succeeded ones are only followed;
 * cancelled ones are left alone. A submit interrupted after its POST (it may have been billed) is
 * submitted again only with `allowDuplicate`; one another process is making is always left to it.
 */
export function planResume(progress: RunProgress, options: { allowDuplicate?: boolean } = {}): ResumeStep[] {
  return progress.jobs.map((status) => stepOf(status, options.allowDuplicate === true));
}

function stepOf(status: RunJobStatus, allowDuplicate: boolean): ResumeStep {
  const { job, record, state, attempts } = status;
  const previous = record ? { previous: record } : {};
  const skip = (why: SkipReason, reason: string): ResumeStep => ({
    kind: 'skip',
    job,
    why,
    reason,
    ...(record ? { record } : {}),
  });
  switch (state) {
    case 'not-submitted':
    case 'failed':
    case 'expired':
      return { kind: 'submit', job, attempt: attempts + 1, ...previous };
    case 'interrupted':
      if (allowDuplicate) return { kind: 'submit', job, attempt: attempts + 1, ...previous };
      return skip(
        'interrupted',
        'its submit was interrupted after it was sent and may have been billed (--allow-duplicate submits it again)',
      );
    case 'submitting':
      return skip('submitting', 'another process is submitting it right now');
    case 'cancelled':
      return skip('cancelled', 'it was cancelled');
    default:
      if (record === undefined) return { kind: 'submit', job, attempt: attempts + 1 };
      return { kind: 'follow', job, record };
  }
}
