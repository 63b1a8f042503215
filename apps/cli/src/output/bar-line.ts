import { formatDuration } from '@ltx-jobs/core';

/** What one job's bar line shows. */
export interface BarState {
  /** Padded job name. */
  label: string;
  /** 0–100 when known (useapi progress, download bytes); undefined draws a moving block (LTX has no %). */
  percent: number | undefined;
  /** Epoch ms the elapsed time counts from (the job's creation). */
  startedAt: number;
  /** Epoch ms the elapsed time stopped at (the job ended), if it did. */
  endedAt?: number;
  /** `queued`, `running`, `downloading 3.1 MiB`, `saved 1 file`, … */
  status: string;
}

/** Width of the bar between the pipes, in characters. */
export const BAR_WIDTH = 20;
/** Length of the moving block of an indeterminate bar. */
const BLOCK = 4;
/** Milliseconds per step of the moving block. */
const STEP_MS = 120;

/**
 * One bar line: `name |████████░░░░| 40%  1m 05s  running`, or, when the provider reports no progress
 * (LTX), an indeterminate bar whose block moves with the clock: `name |░░░████░░░░|      1m 05s  queued`.
 * @param now epoch ms (moves the block and the elapsed time)
 */
export function barLine(state: BarState, now: number): string {
  // No % and ended (failed, expired, cancelled): a still, empty bar; no % and running: a moving block.
  const bar =
    state.percent !== undefined
      ? filled(state.percent)
      : state.endedAt !== undefined
        ? filled(0)
        : movingBlock(now);
  const pct = state.percent === undefined ? '    ' : `${Math.round(state.percent)}%`.padStart(4);
  const elapsed = formatDuration((state.endedAt ?? now) - state.startedAt).padStart(7);
  return `${state.label} |${bar}| ${pct} ${elapsed}  ${state.status}`;
}

function filled(percent: number): string {
  const full = Math.round((Math.min(100, Math.max(0, percent)) / 100) * BAR_WIDTH);
  return '█'.repeat(full) + '░'.repeat(BAR_WIDTH - full);
}

/** A block bouncing between the ends of the bar. */
function movingBlock(now: number): string {
  const span = BAR_WIDTH - BLOCK;
  const step = Math.floor(now / STEP_MS) % (2 * span);
  const at = step <= span ? step : 2 * span - step;
  return '░'.repeat(at) + '█'.repeat(BLOCK) + '░'.repeat(span - at);
}
