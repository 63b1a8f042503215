/**
 * @ltx-jobs/core: clients for LTX's v2 job API and useapi.net's LTX Studio API, a poll engine,
 * atomic resumable downloads, request-file validation and a durable job ledger. Never imports vscode.
 */
export * from './agent-tools/index.js';
export * from './catalog/index.js';
export * from './cost/index.js';
export * from './deps.js';
export * from './download/index.js';
export * from './errors/index.js';
export * from './format/index.js';
export * from './http/index.js';
export * from './job.js';
export * from './job-ref.js';
export * from './job-states.js';
export * from './ledger/index.js';
export * from './lifecycle/index.js';
export * from './media/index.js';
export * from './poll/index.js';
export * from './preview/index.js';
export * from './provider.js';
export * from './providers/index.js';
export * from './request-file/index.js';
export * from './runner/index.js';
export * from './runs/index.js';
export * from './takes/index.js';
