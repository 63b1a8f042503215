/**
 * @ltx-jobs/simulator: a real HTTP server on loopback that behaves like LTX's v2 job API and
 * useapi.net's LTX Studio API, serving playable MP4s, PNGs and EXR ZIPs from a second (storage)
 * origin, with faults on demand. See README.md for the fault knobs.
 */
export { ASSET_FILES, type AssetKey, loadAsset } from './assets.js';
export { parseCliArgs, USAGE } from './cli-args.js';
export { DIRECTIVES, type DirectiveResult, parseDirectives } from './directives.js';
export { FAILURE_MESSAGES, type FaultRule, type FaultWhere, type JobFaults } from './faults.js';
export { formatElapsed, type Phase, phaseAt, progressAt } from './job-clock.js';
export type { SimJobSnapshot } from './job-store.js';
export { inspectMp4, type Mp4Summary } from './mp4.js';
export {
  createManualClock,
  DEFAULT_LTX_API_KEY,
  DEFAULT_LTX_CONCURRENCY_LIMIT,
  DEFAULT_TIMING,
  DEFAULT_USEAPI_MAX_JOBS,
  DEFAULT_USEAPI_TOKEN,
  type ManualClock,
  type ServerFaults,
  type SimTiming,
  type SimulatorOptions,
} from './options.js';
export { parseRange, type RangeAnswer } from './range.js';
export type { RequestFilter } from './request-log.js';
export { type Simulator, startSimulator } from './simulator.js';
export { MAX_UPLOAD_BYTES, type UploadSlot, type UseapiAsset } from './storage-state.js';
export type { ApiName, Operation, RequestLogEntry, SimProvider } from './types.js';
