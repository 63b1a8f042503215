import { isTerminal, type JobRecord, jobRefOf, pollOnce } from '@ltx-jobs/core';
import { Worker } from 'bullmq';
import type { GenerationContext } from './generation.js';

/**
 * The poll phase of one queue job: reads its generation with the core's single-shot poll step until
 * it ends, recording every change in the shared ledger, then gives the account slot back. A 429 on a
 * read pauses the whole queue (the job goes back to the queue and resumes by its id).
 */
export async function followGeneration(
  context: GenerationContext,
  record: JobRecord,
  jobId: string,
): Promise<JobRecord> {
  const { client, ledger, deps } = context;
  const ref = jobRefOf(record);
  let current = record;
  let failures = 0;
  let released = false;
  const release = async () => {
    await context.slots.release(record.provider, jobId);
    return true;
  };
  // Reads keep a steady cadence from the provider's answer to the POST, then from when each read
  // started: the time the records and the reads take does not push the next read back, so an end is
  // seen at most one interval late. A job resumed long after it was sent is read at once.
  const answeredAt = Date.parse(record.submittedAt);
  let nextReadAt = Number.isNaN(answeredAt) ? deps.now() : answeredAt + context.pollIntervalMs;
  while (current.job === undefined || !isTerminal(current.job.state)) {
    await deps.sleep(failures === 0 ? Math.max(0, nextReadAt - deps.now()) : 0, context.signal);
    nextReadAt = deps.now() + context.pollIntervalMs;
    const step = await pollOnce(
      client,
      ref,
      { last: current.job, failures },
      { intervalMs: context.pollIntervalMs, now: deps.now, random: deps.random, signal: context.signal },
    );
    failures = step.failures;
    if (step.rateLimitedMs !== undefined) {
      await context.pauseQueue(step.rateLimitedMs);
      throw Worker.RateLimitError();
    }
    // The generation ended at the provider: its slot is free now (a crash before the record below
    // only makes the replacement read the end again).
    if (step.terminal) released = await release();
    if (step.error === undefined && changed(current, step.job)) {
      current = await ledger.update(current.ref, (r) => ({ ...r, job: step.job }));
    }
    if (step.terminal) {
      if (current.job?.state !== step.job.state)
        current = await ledger.update(current.ref, (r) => ({ ...r, job: step.job }));
      break;
    }
    if (failures > 0) await deps.sleep(step.nextPollMs, context.signal);
  }
  if (!released) await release();
  return current;
}

function changed(record: JobRecord, job: NonNullable<JobRecord['job']>): boolean {
  const last = record.job;
  return (
    last === undefined ||
    last.state !== job.state ||
    last.progress !== job.progress ||
    last.artifacts.length !== job.artifacts.length ||
    last.message !== job.message
  );
}
