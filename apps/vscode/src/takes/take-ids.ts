import type { TakeAction } from '@ltx-jobs/core';

/** The command of each take action. */
export const TAKE_COMMANDS: Readonly<Record<TakeAction, string>> = {
  extend: 'ltxJobs.extend',
  retake: 'ltxJobs.retake',
  hdr: 'ltxJobs.makeHdr',
  reframe: 'ltxJobs.reframe',
  animate: 'ltxJobs.animate',
};

/** What the user reads for each take action (menus, messages). */
export const TAKE_TITLES: Readonly<Record<TakeAction, string>> = {
  extend: 'Extend…',
  retake: 'Retake…',
  hdr: 'Make HDR',
  reframe: 'Reframe…',
  animate: 'Animate with LTX',
};

/** A job's artifact as the argument of an item command (the tree's artifact node shape). */
export function artifactNode(ref: string, label: string): { kind: 'artifact'; ref: string; key: string } {
  return { kind: 'artifact', ref, key: label };
}
