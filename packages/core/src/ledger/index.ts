export * from './file-store.js';
export * from './hash.js';
export * from './intents.js';
export * from './ledger.js';
export * from './memory-store.js';
export * from './sanitize.js';
export * from './submit-claim.js';
export * from './types.js';
