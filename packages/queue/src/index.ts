/**
 * @ltx-jobs/queue: a team queue on Redis with BullMQ. One queue per provider whose global concurrency
 * is the account's slot count, one job per generation (submit to downloaded files), a shared ledger
 * (a core LedgerStore on Redis), duplicates refused team-wide, crash-safe workers that resume a job by
 * its provider id and never submit it twice.
 */
export * from './account-slots.js';
export * from './enqueue.js';
export * from './generation.js';
export * from './generation-state.js';
export * from './job-data.js';
export * from './keys.js';
export * from './media-carry.js';
export * from './redis-ledger-store.js';
export * from './redis-url.js';
export * from './slot-waiter.js';
export * from './team.js';
export * from './team-runs.js';
export * from './team-snapshot.js';
export * from './team-spend.js';
export * from './team-status.js';
export * from './worker.js';
