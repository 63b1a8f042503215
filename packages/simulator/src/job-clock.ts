/** Where a job is in its life at a given moment. Jobs move by time alone: no timers run. */
export type Phase = 'pending' | 'processing' | 'ended' | 'expired';

/** The timing facts of one job, all in epoch milliseconds or milliseconds. */
export interface JobTiming {
  createdAt: number;
  /** Time spent queued (LTX `pending`), ms. */
  pendingMs: number;
  /** Time spent running (LTX `processing`, useapi `active`), ms. */
  processingMs: number;
  /** How long status and artifact stay readable after the job ends, ms. */
  retentionMs: number;
  /** When useapi's scheduler stopped tracking it (DELETE /scheduler/{jobId}). */
  cancelledAt?: number;
}

/** The moment the job ends (completes, fails, or is cancelled), epoch ms. */
export function endsAt(job: JobTiming): number {
  const natural = job.createdAt + job.pendingMs + job.processingMs;
  return job.cancelledAt === undefined ? natural : Math.min(natural, job.cancelledAt);
}

/** The moment status and artifacts start answering 404, epoch ms. */
export function expiresAt(job: JobTiming): number {
  return endsAt(job) + job.retentionMs;
}

/** The phase at `now`. */
export function phaseAt(job: JobTiming, now: number): Phase {
  if (now >= expiresAt(job)) return 'expired';
  if (now >= endsAt(job)) return 'ended';
  if (now < job.createdAt + job.pendingMs) return 'pending';
  return 'processing';
}

/** True while the job counts against a concurrency limit (pending or processing). */
export function isRunningAt(job: JobTiming, now: number): boolean {
  const phase = phaseAt(job, now);
  return phase === 'pending' || phase === 'processing';
}

/**
 * useapi-style progress, 0–100, rising in `steps` equal steps over the job's whole run
 * (pending + processing): with 4 steps it reads 0, 25, 50, 75, then 100 once ended.
 */
export function progressAt(job: JobTiming, now: number, steps: number): number {
  if (now >= endsAt(job)) return 100;
  const total = job.pendingMs + job.processingMs;
  if (total <= 0 || steps < 1) return 0;
  const fraction = Math.min(1, Math.max(0, (now - job.createdAt) / total));
  return Math.min(99, Math.floor(fraction * steps) * Math.floor(100 / steps));
}

/** `MM:SS` of elapsed time, as useapi's scheduler lists it. */
export function formatElapsed(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const mm = String(Math.floor(seconds / 60)).padStart(2, '0');
  const ss = String(seconds % 60).padStart(2, '0');
  return `${mm}:${ss}`;
}
