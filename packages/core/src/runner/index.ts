export * from './artifact-downloads.js';
export * from './cancel-job.js';
export * from './job-runner.js';
export * from './new-records.js';
export { markerOf } from './submit-job.js';
export * from './submit-queue.js';
export * from './types.js';
