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
  while (current.job === undefined || !isTerminal(current.job.state)) {
    await deps.sleep(failures === 0 ? context.pollIntervalMs : 0, context.signal);
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
  await context.slots.release(record.provider, jobId);
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
