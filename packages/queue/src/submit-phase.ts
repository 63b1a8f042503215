import { isRateLimitError, type JobRecord, markerOf, type SubmitResult, submitOnce } from '@ltx-jobs/core';
import { type Job as QueueJob, UnrecoverableError, Worker } from 'bullmq';
import { type GenerationContext, recordOf } from './generation.js';
import type { GenerationState } from './generation-state.js';
import type { TeamJobData } from './job-data.js';
import { uploadJobMedia } from './media-phase.js';
import { takeSlot } from './slot-waiter.js';

/** The queue job being sent, with the lock token its worker holds. */
export interface SendingJob {
  job: QueueJob;
  jobId: string;
  token: string;
}

/** How long the slot of a generation that may run unseen stays taken, from its POST, by default (ms). */
export const INTERRUPTED_HOLD_MS = 15 * 60_000;

/** First pause of the queue after a concurrency 429 without Retry-After, ms. */
const CONCURRENCY_PAUSE_MS = 2000;

/**
 * The submit phase of one queue job: uploads local media, takes an account slot (waiting for one in
 * this process for up to `slotHoldMs`, woken the moment any worker gives one back; else it puts the
 * job back, delayed, holding no worker), marks the POST durably (fenced by the job's lock), sends it once, and
 * records the provider id in the shared ledger the moment it is known. A job whose POST was in flight
 * when its worker died is looked for by its marker instead of being sent again. Returns the record,
 * `delayed` when no account slot was free, or `recorded` when the id turned up in the shared ledger
 * (the worker that sent it was slow, not dead).
 */
export async function sendGeneration(
  context: GenerationContext,
  data: TeamJobData,
  sending: SendingJob,
): Promise<JobRecord | 'delayed' | 'recorded'> {
  const { client, generations, slots } = context;
  const { job, jobId, token } = sending;
  let state = await generations.get(jobId);
  if (state.stage === 'posting') {
    state = await answerOrGrace(context, jobId, state);
    if (state.ref) return 'recorded';
  }
  if (state.stage === 'posting' || state.stage === 'interrupted') {
    return recordFound(context, data, jobId, state, await findLost(context, data, state));
  }
  await generations.set(jobId, { stage: 'preparing' });
  let body = await uploadJobMedia(context, data, jobId);
  const marker = data.provider === 'useapi' ? markerOf(jobId) : undefined;
  if (marker !== undefined && body.replyRef === undefined) body = { ...body, replyRef: marker };
  const slotTaken = await takeSlot(slots, data.provider, jobId, {
    withinMs: context.slotHoldMs ?? 0,
    retryMs: context.slotWaitMs,
    waiter: context.slotWaiter,
    signal: context.signal,
    onWait: () => generations.set(jobId, { stage: 'waiting-for-slot' }),
  });
  if (!slotTaken) {
    await job.moveToDelayed(Date.now() + context.slotWaitMs, token);
    return 'delayed';
  }
  if (!(await generations.markPosting(data.provider, jobId, token, marker))) {
    // This worker stalled and another one holds the job now: it must not send.
    throw new Error(`Job ${jobId} belongs to another worker now; this one does not send it`);
  }
  const sent = await submitOnce(client, data.endpoint, body);
  if (sent.outcome === 'submitted') return recordSubmitted(context, data, jobId, sent.result, body);
  if (sent.outcome === 'unknown') {
    const found = await findLost(context, data, { ...state, ...(marker ? { marker } : {}) });
    return recordFound(context, data, jobId, state, found, sent.error);
  }
  // Refused: no job was made. Give the slot back and say why.
  await generations.set(jobId, { stage: 'preparing' });
  await slots.release(data.provider, jobId);
  if (sent.concurrencyLimited || isRateLimitError(sent.error)) {
    const retryAfterMs = (sent.error as { retryAfterMs?: number }).retryAfterMs;
    context.deps.logger.info('The provider pushed back; pausing the whole queue', { jobId, retryAfterMs });
    await context.pauseQueue(retryAfterMs ?? CONCURRENCY_PAUSE_MS);
    throw Worker.RateLimitError();
  }
  const status = (sent.error as { status?: number }).status;
  if (status !== undefined && status < 500) {
    await context.releaseClaim(data, jobId);
    throw new UnrecoverableError(messageOf(sent.error));
  }
  throw sent.error; // 5xx or a refused connection: BullMQ tries again later (nothing was billed)
}

async function recordSubmitted(
  context: GenerationContext,
  data: TeamJobData,
  jobId: string,
  result: SubmitResult,
  body: Record<string, unknown>,
): Promise<JobRecord> {
  const record = recordOf(context, data, jobId, result, body);
  // The id first (one small write), then the whole record: a crash between leaves the id to resume by.
  await context.generations.set(jobId, { stage: 'polling', ref: record.ref });
  return context.ledger.record(record);
}

/**
 * Waits, while the POST of a job taken over could still be answered to the worker that sent it (it
 * may be slow rather than dead: its lock lapsed), for that worker to record the id. Returns the state
 * then: with `ref` when it came, else as it was once the POST surely timed out.
 */
async function answerOrGrace(
  context: GenerationContext,
  jobId: string,
  state: GenerationState,
): Promise<GenerationState> {
  const postedAt = state.postedAt ? Date.parse(state.postedAt) : Number.NaN;
  const until = (Number.isNaN(postedAt) ? Date.now() : postedAt) + context.postGraceMs;
  let current = state;
  while (!current.ref && current.stage === 'posting' && Date.now() < until) {
    await context.deps.sleep(Math.min(250, Math.max(0, until - Date.now())), context.signal);
    current = await context.generations.get(jobId);
  }
  return current;
}

/** Asks the provider for the job of a POST whose answer was lost (useapi, by its `replyRef`). */
async function findLost(
  context: GenerationContext,
  data: TeamJobData,
  state: GenerationState,
): Promise<SubmitResult | undefined> {
  if (!context.client.findSubmitted || state.marker === undefined) return undefined;
  return context.client
    .findSubmitted({
      marker: state.marker,
      endpoint: data.endpoint,
      ...(state.postedAt === undefined ? {} : { postedAt: state.postedAt }),
    })
    .catch(() => undefined);
}

async function recordFound(
  context: GenerationContext,
  data: TeamJobData,
  jobId: string,
  state: GenerationState,
  found: SubmitResult | undefined,
  error?: unknown,
): Promise<JobRecord> {
  if (found) return recordSubmitted(context, data, jobId, found, data.request);
  await context.generations.set(jobId, { stage: 'interrupted' });
  if (context.client.findSubmitted) {
    await context.slots.release(data.provider, jobId); // looked for and not found: no generation runs
  } else {
    // The provider cannot be asked (LTX): the generation may be running. Its slot stays taken for as
    // long as one can run, from when the POST went out.
    const postedAt = state.postedAt ? Date.parse(state.postedAt) : Number.NaN;
    const from = Number.isNaN(postedAt) ? Date.now() : postedAt;
    await context.slots.holdUntil(
      data.provider,
      jobId,
      from + (context.interruptedHoldMs ?? INTERRUPTED_HOLD_MS),
    );
  }
  const why =
    error === undefined ? 'the worker running it stopped while the POST was in flight' : messageOf(error);
  const where =
    data.provider === 'ltx'
      ? "LTX's API cannot list jobs, so it cannot be found again: look for it in your LTX account"
      : `no job with replyRef ${state.marker ?? '?'} was found`;
  throw new UnrecoverableError(
    `submit interrupted — may have been billed (${why}, sent at ${state.postedAt ?? '?'}); ${where}. It is not sent again.`,
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
