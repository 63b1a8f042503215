import { abortError } from '../deps.js';
import type { ProviderName } from '../job.js';
import type { JobRecord } from '../ledger/types.js';
import { DEFAULT_CONCURRENT_JOBS } from '../runner/submit-queue.js';
import type { PlannedJob } from './run-record.js';

/** How one job's submit ended: with its record, or the error that stopped it (nothing was recorded). */
export type SubmitEnd = { record: JobRecord } | { error: unknown };

/** Options of {@link runEach}. */
export interface RunEachOptions<T> {
  /**
   * Submits one job and resolves once it has an id and is recorded (the runner waits for a submit
   * slot of the provider inside). Its rejection is handed to `after`, never thrown.
   */
  submit(job: PlannedJob): Promise<JobRecord>;
  /**
   * What follows a submit (watch and download, or a summary line): runs while later jobs are submitted.
   * A rejection becomes that job's `rejected` result; it stops nothing else.
   */
  after(job: PlannedJob, end: SubmitEnd): Promise<T>;
  /**
   * Submits of a provider on their way at once: each waits for a slot, so this is how many wait ahead
   * of a free slot (uploading their media meanwhile). Default: the provider's concurrency (LTX 2).
   */
  lanes?: Partial<Record<ProviderName, number>>;
  /** Once aborted, jobs not yet submitted are handed to `after` with an AbortError, unsent. */
  signal?: AbortSignal;
}

/**
 * Submits a run's jobs in order, per provider through `lanes` workers, and runs `after` for each as
 * soon as its submit ends, while the next ones are submitted: a job starts the moment the runner
 * frees a slot, and one job's failure never stops the others. Resolves with how each `after` settled
 * (as `Promise.allSettled` does), in the jobs' order, once every one has.
 */
export async function runEach<T>(
  jobs: readonly PlannedJob[],
  options: RunEachOptions<T>,
): Promise<PromiseSettledResult<T>[]> {
  const results: Promise<PromiseSettledResult<T>>[] = new Array(jobs.length);
  const queues = new Map<ProviderName, number[]>();
  jobs.forEach((job, i) => {
    const queue = queues.get(job.file.provider) ?? [];
    queue.push(i);
    queues.set(job.file.provider, queue);
  });
  // Settled at once (never an unhandled rejection while later jobs are still being submitted).
  const settle = (job: PlannedJob, end: SubmitEnd): Promise<PromiseSettledResult<T>> =>
    Promise.resolve()
      .then(() => options.after(job, end))
      .then(
        (value) => ({ status: 'fulfilled', value }),
        (reason: unknown) => ({ status: 'rejected', reason }),
      );
  const worker = async (queue: number[]) => {
    for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
      const job = jobs[i] as PlannedJob;
      if (options.signal?.aborted) {
        results[i] = settle(job, { error: abortError(options.signal) });
        continue;
      }
      let end: SubmitEnd;
      try {
        end = { record: await options.submit(job) };
      } catch (error) {
        end = { error };
      }
      results[i] = settle(job, end);
    }
  };
  const workers: Promise<void>[] = [];
  for (const [provider, queue] of queues) {
    const lanes = Math.max(1, options.lanes?.[provider] ?? DEFAULT_CONCURRENT_JOBS[provider]);
    for (let n = 0; n < Math.min(lanes, queue.length); n++) workers.push(worker(queue));
  }
  await Promise.all(workers);
  return Promise.all(results);
}
