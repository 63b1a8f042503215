export * from './file-store.js';
export * from './hash.js';
export * from './ledger.js';
export * from './memory-store.js';
export * from './sanitize.js';
export * from './types.js';
