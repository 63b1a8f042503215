import { abortError } from '../deps.js';
import { TimeoutError } from '../errors/timeout-error.js';

/** Why an attempt was cut. */
export type CutReason = 'stall' | 'deadline' | 'abort';

/** Options of {@link createAttemptGuard}. */
export interface AttemptGuardOptions {
  /** Length of one stall window, in ms. */
  windowMs: number;
  /** An attempt that receives fewer bytes than this in one window is cut as stalled. */
  minBytes: number;
  /** Epoch ms (on the `now` clock) after which the attempt is cut for good. */
  deadline?: number | undefined;
  now: () => number;
  /** The caller's signal: aborting it cuts the attempt with an AbortError. */
  signal?: AbortSignal | undefined;
  /** Origin + path of the artifact, for messages. */
  where: string;
}

/**
 * Watches one HTTP attempt of a download and cuts it: when it stalls (fewer than `minBytes` in a
 * window, connecting and waiting for headers included: a host trickling 1 byte/s is cut like a
 * silent one), when the deadline passes, or when the caller aborts. Listeners registered with
 * `onCut` destroy the socket: an abort alone does not always end a trickling fetch body on Node 20.
 */
export interface AttemptGuard {
  /** Counts bytes received (anything: headers or body). */
  received(bytes: number): void;
  /** Runs `listener` with the cut's error once cut (at once when it already was). */
  onCut(listener: (error: Error) => void): void;
  /** The cut's error, once cut. */
  readonly error: Error | undefined;
  readonly reason: CutReason | undefined;
  /** Aborted when cut (for fetch). */
  readonly signal: AbortSignal;
  /** Stops the timers; call when the attempt ends. */
  dispose(): void;
}

/**
 * A guard for one attempt. Its timers are real ones, on purpose: they guard a socket, like a fetch
 * timeout, and are not part of any poll pacing (where `deps.sleep` rules). The deadline is read on
 * the `now` clock once, at the start of the attempt.
 */
export function createAttemptGuard(options: AttemptGuardOptions): AttemptGuard {
  const controller = new AbortController();
  const listeners: ((error: Error) => void)[] = [];
  let error: Error | undefined;
  let reason: CutReason | undefined;
  let inWindow = 0;
  const cut = (why: CutReason, what: Error) => {
    if (error) return;
    error = what;
    reason = why;
    dispose();
    controller.abort(what);
    for (const listener of listeners.splice(0)) listener(what);
  };
  const windowTimer = setTimeout(function check() {
    if (inWindow < options.minBytes) {
      const message = `The artifact host sent ${inWindow} bytes in ${options.windowMs} ms, less than ${options.minBytes}: the download stalled (${options.where})`;
      cut('stall', new TimeoutError(message, { provider: 'artifact-host', timeoutMs: options.windowMs }));
      return;
    }
    inWindow = 0;
    windowTimer.refresh();
  }, options.windowMs);
  const remaining = options.deadline === undefined ? undefined : options.deadline - options.now();
  const deadlineTimer =
    remaining === undefined
      ? undefined
      : setTimeout(
          () =>
            cut(
              'deadline',
              new TimeoutError(`The deadline passed while downloading ${options.where}`, {
                provider: 'artifact-host',
                timeoutMs: Math.max(0, remaining),
              }),
            ),
          Math.min(Math.max(0, remaining), 2 ** 31 - 1),
        );
  const onAbort = () => cut('abort', abortError(options.signal));
  options.signal?.addEventListener('abort', onAbort, { once: true });
  function dispose() {
    clearTimeout(windowTimer);
    if (deadlineTimer) clearTimeout(deadlineTimer);
    options.signal?.removeEventListener('abort', onAbort);
  }
  if (options.signal?.aborted) onAbort();
  return {
    received(bytes) {
      inWindow += bytes;
    },
    onCut(listener) {
      if (error) listener(error);
      else listeners.push(listener);
    },
    get error() {
      return error;
    },
    get reason() {
      return reason;
    },
    signal: controller.signal,
    dispose,
  };
}
