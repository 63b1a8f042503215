import { isAbortError, TimeoutError } from '@ltx-jobs/core';

/** A signal for the work before a submit is sent, cut by Ctrl-C or when `--timeout` passes. */
export interface SubmitCut {
  signal: AbortSignal;
  /** True once the deadline (not Ctrl-C) cut the signal. */
  readonly timedOut: boolean;
  /** Stops the timer and the listener. */
  dispose(): void;
}

/**
 * `--timeout` bounds the whole command: media uploads and the wait for a submit slot stop when it
 * passes, as they do on Ctrl-C. (A submit already sent still waits for its answer, bounded by the
 * request's own deadline, so that a billed job is always recorded.)
 */
export function submitCut(interrupt: AbortSignal, deadline: number | undefined): SubmitCut {
  const controller = new AbortController();
  let timedOut = false;
  const onInterrupt = () => controller.abort(interrupt.reason);
  interrupt.addEventListener('abort', onInterrupt, { once: true });
  const timer =
    deadline === undefined
      ? undefined
      : setTimeout(
          () => {
            timedOut = true;
            controller.abort(new Error('--timeout passed'));
          },
          Math.max(0, deadline - Date.now()),
        );
  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    dispose() {
      if (timer !== undefined) clearTimeout(timer);
      interrupt.removeEventListener('abort', onInterrupt);
    },
  };
}

/** `error`, or a {@link TimeoutError} saying nothing was sent when the deadline cut the work before the submit. */
export function unlessTimedOut(error: unknown, cut: SubmitCut, timeoutSeconds: number | undefined): unknown {
  if (!cut.timedOut || !isAbortError(error)) return error;
  return new TimeoutError(
    '--timeout passed before the request was sent (while uploading its media or waiting for a submit slot); nothing was submitted',
    { timeoutMs: (timeoutSeconds ?? 0) * 1000 },
    { cause: error },
  );
}
