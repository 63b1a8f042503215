import { abortError, createDeps, type Deps } from '../../src/deps.js';
import type { Job, JobState } from '../../src/job.js';
import type { JobRef } from '../../src/job-ref.js';
import type { CallOptions, ProviderClient, StatusResult, SubmitResult } from '../../src/provider.js';
import { recordingLogger } from '../http/fakes.js';

export { fixture, type LogCall, recordingLogger } from '../http/fakes.js';

/**
 * Virtual time: `sleep` records the delay asked for and returns without waiting in real time. Timers
 * fire in order of due time once every promise in flight has settled (one `setImmediate` per timer),
 * and `now` jumps to the timer's due time; an aborted sleep rejects at once and never moves `now`.
 * `maxConcurrentSleeps` counts sleeps pending at once (one loop per provider keeps it at 1 per provider).
 */
export function fakeClock(options: { start?: number; random?: () => number } = {}) {
  let now = options.start ?? 1_700_000_000_000;
  const sleeps: number[] = [];
  const signals: AbortSignal[] = [];
  const logger = recordingLogger();
  const timers = new Set<{ at: number; seq: number; fire: () => void }>();
  let seq = 0;
  let maxConcurrent = 0;
  let fired = 0;
  let ticking = false;
  const tick = () => {
    ticking = false;
    let next: { at: number; seq: number; fire: () => void } | undefined;
    for (const t of timers) if (!next || t.at < next.at || (t.at === next.at && t.seq < next.seq)) next = t;
    if (!next) return;
    if (++fired > 100_000) throw new Error('fake clock: runaway loop');
    timers.delete(next);
    now = Math.max(now, next.at);
    next.fire();
    schedule();
  };
  const schedule = () => {
    if (!ticking && timers.size > 0) {
      ticking = true;
      setImmediate(tick);
    }
  };
  const sleep = (ms: number, signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortError(signal));
        return;
      }
      sleeps.push(ms);
      if (signal) signals.push(signal);
      const timer = {
        at: now + Math.max(0, ms),
        seq: seq++,
        fire: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        timers.delete(timer);
        reject(abortError(signal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      timers.add(timer);
      maxConcurrent = Math.max(maxConcurrent, timers.size);
      schedule();
    });
  const deps: Deps = createDeps({
    now: () => now,
    sleep,
    random: options.random ?? (() => 0.5),
    logger,
    fetch: () => Promise.reject(new Error('no network in unit tests')),
  });
  return {
    deps,
    sleeps,
    signals,
    logger,
    now: () => now,
    get maxConcurrentSleeps() {
      return maxConcurrent;
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
