export * from './backoff.js';
export * from './job-states.js';
export * from './request-budget.js';
export * from './scheduler.js';
export * from './watch-job.js';
