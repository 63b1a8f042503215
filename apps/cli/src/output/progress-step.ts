import type { Job } from '@ltx-jobs/core';
import { formatState } from './format.js';

/** What the plain reporter last printed for a job. */
export interface ProgressMark {
  state: Job['state'];
  /** Progress bucket last printed (0-10, tens of percent); -1 when none. */
  bucket: number;
}

/** Size of a progress step in plain output, in percent. */
export const PROGRESS_STEP_PERCENT = 10;

/**
 * Decides whether a new read of a job deserves a line in plain (non-TTY) output: on every state
 * change, and when reported progress crosses a {@link PROGRESS_STEP_PERCENT} step. Returns the text
 * (without label) and the new mark, or `undefined` when nothing worth a line changed.
 */
export function progressStep(
  previous: ProgressMark | undefined,
  job: Pick<Job, 'state' | 'progress' | 'error'>,
): { text: string; mark: ProgressMark } | undefined {
  const bucket = job.progress === undefined ? -1 : Math.floor(job.progress / PROGRESS_STEP_PERCENT);
  const mark: ProgressMark = { state: job.state, bucket };
  if (previous === undefined || previous.state !== job.state) return { text: formatState(job), mark };
  if (job.state === 'running' && bucket > previous.bucket) return { text: formatState(job), mark };
  return undefined;
}
