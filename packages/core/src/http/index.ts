export * from './base-url.js';
export * from './provider-error.js';
export * from './request.js';
export * from './retry-after.js';
export * from './submit-retry.js';
export * from './token.js';
