export * from './backoff.js';
export * from './job-states.js';
export * from './scheduler.js';
export * from './status-budget.js';
export * from './watch-job.js';
