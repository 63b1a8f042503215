import { abortError, createDeps, type Deps } from '../../src/deps.js';
import type { Job, JobState } from '../../src/job.js';
import type { JobRef } from '../../src/job-ref.js';
import type { CallOptions, ProviderClient, StatusResult, SubmitResult } from '../../src/provider.js';
import { virtualClock } from '../../test-support/virtual-clock.mjs';
import { recordingLogger } from '../http/fakes.js';

export { fixture, type LogCall, recordingLogger } from '../http/fakes.js';

/**
 * Virtual time (see test-support/virtual-clock.mjs): `sleep` records the delay asked for and returns
 * without waiting in real time; timers fire in due order, `now` jumps to each due time, and an aborted
 * sleep rejects at once. `maxConcurrentSleeps` counts sleeps pending at once (one loop per provider
 * keeps it at 1 per provider). A runaway loop throws after 100,000 timers.
 */
export function fakeClock(options: { start?: number; random?: () => number } = {}) {
  const clock = virtualClock({ start: options.start, abortError });
  const logger = recordingLogger();
  const deps: Deps = createDeps({
    now: clock.now,
    sleep: clock.sleep,
    random: options.random ?? (() => 0.5),
    logger,
    fetch: () => Promise.reject(new Error('no network in unit tests')),
  });
  return {
    deps,
    sleeps: clock.sleeps,
    signals: clock.signals,
    logger,
    now: clock.now,
    get maxConcurrentSleeps() {
      return clock.maxConcurrentSleeps;
    },
  };
}

/** A normalised job as the H1 clients produce it. */
export function makeJob(ref: JobRef, state: JobState, extra: Partial<Job> = {}): Job {
  return {
    provider: ref.provider,
    endpoint: ref.endpoint ?? 'unknown',
    id: ref.id,
    state,
    artifacts: [],
    updatedAt: new Date(0).toISOString(),
    raw: null,
    ...extra,
  };
}

/** One scripted answer: a job, a job plus Retry-After, an error to throw, or a function of the call. */
export type Step =
  | Job
  | StatusResult
  | Error
  | ((ref: JobRef, options: CallOptions | undefined) => Promise<StatusResult> | StatusResult);

export interface StatusCall {
  ref: JobRef;
  at: number;
  signal: AbortSignal | undefined;
}

/**
 * A fake ProviderClient for unit tests: `status` plays each job's script (the last step repeats),
 * `submit` plays `submits` in order. Every call is recorded with the virtual time it was made.
 */
export function fakeClient(
  provider: 'ltx' | 'useapi',
  now: () => number,
  scripts: Record<string, Step[]> = {},
  submits: (SubmitResult | Error | (() => Promise<SubmitResult>))[] = [],
) {
  const statusCalls: StatusCall[] = [];
  const submitCalls: { endpoint: string; body: unknown; at: number }[] = [];
  const cancelCalls: JobRef[] = [];
  const resolveCalls: { endpoint: string; baseDir: string }[] = [];
  const played = new Map<string, number>();
  const client: ProviderClient = {
    provider,
    endpoints: ['text-to-video', 'videos/ltx-create'],
    canCancel: provider === 'useapi',
    async submit(endpoint, body) {
      submitCalls.push({ endpoint, body, at: now() });
      const step = submits.shift();
      if (!step) throw new Error('fake client: no scripted submit left');
      if (step instanceof Error) throw step;
      return typeof step === 'function' ? step() : step;
    },
    async status(ref, options) {
      statusCalls.push({ ref, at: now(), signal: options?.signal });
      const script = scripts[ref.id];
      if (!script || script.length === 0) throw new Error(`fake client: no script for ${ref.id}`);
      const index = played.get(ref.id) ?? 0;
      played.set(ref.id, index + 1);
      const step = script[Math.min(index, script.length - 1)]!;
      if (step instanceof Error) throw step;
      if (typeof step === 'function') return step(ref, options);
      return 'job' in step ? step : { job: step };
    },
    async cancel(ref) {
      cancelCalls.push(ref);
    },
    async resolveMedia(endpoint, body, options) {
      resolveCalls.push({ endpoint, baseDir: options.baseDir });
      return { ...body, resolved: true };
    },
  };
  return { client, statusCalls, submitCalls, cancelCalls, resolveCalls, scripts };
}

/** A status that never answers until its signal aborts, then rejects with AbortError. */
export function hangingStatus(ref: JobRef, options: CallOptions | undefined): Promise<StatusResult> {
  void ref;
  return new Promise((_, reject) => {
    options?.signal?.addEventListener('abort', () => reject(abortError(options.signal)), { once: true });
  });
}
