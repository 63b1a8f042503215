export * from './check.js';
export * from './json-schema-rules.js';
export * from './lookup.js';
export * from './table.js';
export * from './types.js';
