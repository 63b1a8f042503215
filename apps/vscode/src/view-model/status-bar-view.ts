import type { JobRecord } from '@ltx-jobs/core';
import { displayName, isActive, stateOf } from './job-view.js';

/** What the status bar item shows; built by {@link statusBarView}. */
export interface StatusBarView {
  visible: boolean;
  /** With codicons, e.g. `$(sync~spin) LTX: 2 running 45%`. */
  text: string;
  tooltip: string;
  /** True: use `statusBarItem.errorBackground`. */
  error: boolean;
}

/**
 * The status bar for the current jobs. Shown while any job is watched (count and mean progress of
 * the jobs that report one), or while a failure the user has not looked at yet is pending.
 * @param unseenFailures refs of jobs that failed since the user last clicked the item
 */
export function statusBarView(
  records: readonly JobRecord[],
  unseenFailures: readonly string[],
): StatusBarView {
  const active = records.filter(isActive);
  const failed = records.filter((r) => unseenFailures.includes(r.ref));
  const error = failed.length > 0;
  const failedText = error ? ` · ${failed.length} failed` : '';
  const failedTip = failed.map((r) => `${displayName(r)} failed: ${r.job?.error?.message ?? stateOf(r)}`);
  if (active.length > 0) {
    const progresses = active.map((r) => r.job?.progress).filter((p): p is number => p !== undefined);
    const mean =
      progresses.length > 0
        ? ` ${Math.round(progresses.reduce((a, b) => a + b, 0) / progresses.length)}%`
        : '';
    return {
      visible: true,
      text: `$(sync~spin) LTX: ${active.length} running${mean}${failedText}`,
      tooltip: [
        ...active.map(
          (r) =>
            `${displayName(r)}: ${r.job?.progress !== undefined ? `${Math.round(r.job.progress)}%` : stateOf(r)}`,
        ),
        ...failedTip,
        'Click to show the LTX Jobs view',
      ].join('\n'),
      error,
    };
  }
  if (error) {
    return {
      visible: true,
      text: `$(error) LTX: ${failed.length} failed`,
      tooltip: [...failedTip, 'Click to show the LTX Jobs view'].join('\n'),
      error: true,
    };
  }
  return { visible: false, text: '', tooltip: '', error: false };
}
