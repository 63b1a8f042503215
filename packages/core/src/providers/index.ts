export * from './ltx/endpoints.js';
export * from './useapi/endpoints.js';
