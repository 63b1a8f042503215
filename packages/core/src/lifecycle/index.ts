/**
 * The job lifecycle as single-shot, serialisable steps (submit -> handle, poll once -> state and
 * next-poll hint, download, estimate), driven by the local runner and by a team queue's workers alike.
 * Download: `downloadRecordArtifacts` (runner/artifact-downloads); estimate: `estimateCost` (cost/).
 */
export * from './poll-step.js';
export * from './submit-step.js';
