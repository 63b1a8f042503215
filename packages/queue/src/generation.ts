import {
  type ArtifactDownloadSettings,
  type Deps,
  downloadRecordArtifacts,
  type JobRecord,
  type Ledger,
  type ProviderClient,
  submittedRecord,
} from '@ltx-jobs/core';
import { DelayedError, type Job as QueueJob, UnrecoverableError } from 'bullmq';
import type { Redis } from 'ioredis';
import type { AccountSlots } from './account-slots.js';
import type { GenerationStates } from './generation-state.js';
import { type TeamJobData, TeamJobDataSchema } from './job-data.js';
import { followGeneration } from './poll-phase.js';
import type { SlotWaiter } from './slot-waiter.js';
import { sendGeneration } from './submit-phase.js';

/** What one worker process brings to every generation it runs. */
export interface GenerationContext {
  client: ProviderClient;
  /** The shared ledger (over Redis). */
  ledger: Ledger;
  generations: GenerationStates;
  slots: AccountSlots;
  deps: Deps;
  /** The shared folder every artifact lands in. */
  outDir: string;
  pollIntervalMs: number;
  /** How long a job waits (delayed, holding no worker) before it asks again for a free account slot. */
  slotWaitMs: number;
  /**
   * How long a job that found every account slot taken waits for one in this process (woken by
   * `slotWaiter` the moment a slot is given back) before it is put back, delayed. Default 0.
   */
  slotHoldMs?: number;
  /**
   * How long a job whose POST was cut off keeps its account slot (from when it was sent) when the
   * provider cannot say whether it made a job (LTX): such a generation may be running. Default 15 min.
   */
  interruptedHoldMs?: number;
  /** The team's Redis (carried media are read from it); without it, media paths are read as written. */
  redis?: Redis;
  /** Wakes jobs waiting for a slot when any worker gives one back (else they retry every `slotWaitMs`). */
  slotWaiter?: SlotWaiter;
  /**
   * The longest a POST can take (the clients' request timeout, plus a margin), ms. A job found with its
   * POST in flight and no id is given this long from when it was sent for its first worker (maybe only
   * slow, not dead) to record the id, before it is looked for at the provider or called interrupted.
   */
  postGraceMs: number;
  downloads?: ArtifactDownloadSettings | undefined;
  /** Pauses the whole queue (BullMQ's manual rate limit): every worker stops taking jobs for `ms`. */
  pauseQueue(ms: number): Promise<void>;
  /** Gives the input's claim back (the provider refused the request: nothing was billed). */
  releaseClaim(data: TeamJobData, jobId: string): Promise<void>;
  signal: AbortSignal;
}

/** What a finished queue job returns (BullMQ keeps it as the job's return value). */
export interface GenerationResult {
  ref: string;
  state: string;
  /** Absolute paths of the artifacts in the shared folder. */
  files: string[];
}

/**
 * Runs one queue job from submit to downloaded artifacts, resuming wherever the shared ledger says it
 * stands: a job whose provider id is recorded is never sent again (it is polled, then downloaded); a
 * job whose POST was in flight when its worker died is looked for by its marker (useapi) or reported
 * `interrupted` (LTX cannot list jobs), never sent again. Provider 429s pause the whole queue.
 */
export async function runGeneration(
  context: GenerationContext,
  job: QueueJob,
  token: string,
): Promise<GenerationResult> {
  const jobId = job.id;
  if (!jobId) throw new UnrecoverableError('A queue job without an id cannot be tracked');
  const parsed = TeamJobDataSchema.safeParse(job.data);
  if (!parsed.success) {
    throw new UnrecoverableError(`Job ${jobId} carries an unreadable request: ${parsed.error.message}`);
  }
  const data = parsed.data;
  if (data.provider !== context.client.provider) {
    throw new UnrecoverableError(`Job ${jobId} is for ${data.provider}, not this queue's provider`);
  }
  await context.ledger.refresh();
  let record = await recordedGeneration(context, data, jobId);
  if (!record) {
    const sent = await sendGeneration(context, data, { job, jobId, token });
    if (sent === 'delayed') throw new DelayedError();
    // 'recorded': the worker that sent it was only slow and recorded the id meanwhile.
    record = sent === 'recorded' ? await recordedGeneration(context, data, jobId) : sent;
    if (!record) throw new Error(`Job ${jobId}: its provider id was recorded but cannot be read back`);
  }
  record = await followGeneration(context, record, jobId);
  const finalJob = record.job;
  if (finalJob?.state !== 'succeeded') {
    await context.generations.set(jobId, { stage: 'done' });
    const why = finalJob?.error ? `: ${finalJob.error.type}: ${finalJob.error.message}` : '';
    throw new UnrecoverableError(`Job ${record.ref} ended ${finalJob?.state ?? 'unknown'}${why}`);
  }
  await context.generations.set(jobId, { stage: 'downloading' });
  const downloads = await downloadRecordArtifacts(
    {
      client: context.client,
      ledger: context.ledger,
      deps: context.deps,
      changed: () => {},
      settings: context.downloads,
    },
    record,
    { outputDir: context.outDir, signal: context.signal },
  );
  await context.generations.set(jobId, { stage: 'done' });
  return { ref: record.ref, state: finalJob.state, files: downloads.map((d) => d.path) };
}

/**
 * The record of a job whose provider id the shared ledger knows already (a resumed job), rebuilt from
 * the queue job when the worker died between writing the id and the record.
 */
async function recordedGeneration(
  context: GenerationContext,
  data: TeamJobData,
  jobId: string,
): Promise<JobRecord | undefined> {
  const state = await context.generations.get(jobId);
  if (!state.ref) return undefined;
  const known = context.ledger.get(state.ref);
  if (known) return known;
  const id = state.ref.slice(state.ref.indexOf(data.provider === 'ltx' ? '/' : ':') + 1);
  return context.ledger.record(recordOf(context, data, jobId, { id, raw: null }, data.request));
}

/** The shared ledger's record of a generation the provider accepted. */
export function recordOf(
  context: Pick<GenerationContext, 'outDir' | 'deps'>,
  data: TeamJobData,
  jobId: string,
  result: Parameters<typeof submittedRecord>[2],
  body: Record<string, unknown>,
): JobRecord {
  const file = {
    provider: data.provider,
    endpoint: data.endpoint,
    request: data.request,
    ...(data.name === undefined ? {} : { name: data.name }),
  };
  const options = {
    baseDir: data.baseDir,
    outputDir: context.outDir,
    ...(data.requestFile === undefined ? {} : { requestFile: data.requestFile }),
    ...(data.estimate === undefined ? {} : { estimate: data.estimate }),
    ...(data.parent === undefined ? {} : { parent: data.parent }),
  };
  const record = submittedRecord(file, options, result, body, data.inputHash, context.deps.now());
  return { ...record, intentId: `queue:${jobId}` };
}
