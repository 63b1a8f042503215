export * from './artifact-kind.js';
export * from './bytes.js';
export * from './duration.js';
export * from './local-time.js';
export * from './request-summary.js';
