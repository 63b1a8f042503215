import type { FaultRule, JobFaults } from './faults.js';

/** How fast jobs move. Every field in milliseconds except `progressSteps`. */
export interface SimTiming {
  /** Time a job stays `pending` (LTX) before `processing`. Default 50 ms (main.ts: 2000 ms). */
  pendingMs: number;
  /** Time a job stays `processing` / `active`. Default 150 ms (main.ts: 6000 ms). */
  processingMs: number;
  /** After a job ends, how long its status and artifact answer before 404. Default 86 400 000 ms (24 h). */
  retentionMs: number;
  /** useapi progress rises in this many equal steps while active. Default 4 (0, 25, 50, 75, then 100). */
  progressSteps: number;
  /** useapi `pollForResult: N`: the create call checks the job every this many ms, N times. Default 3000. */
  pollForResultStepMs: number;
}

/** Server-level fault settings; `setFaults` replaces only the fields it is given. */
export interface ServerFaults {
  /** Pending one-shot or repeated rules (5xx bursts, 429, resets, delays, malformed JSON, 402). Default []. */
  rules?: FaultRule[];
  /** Running LTX jobs allowed at once; past it submits get 429 `concurrency_limit_error`. `null` = off. Default 2. */
  ltxConcurrencyLimit?: number | null;
  /**
   * API requests per second allowed per API (LTX and useapi counted apart; every operation, storage
   * excluded), over a sliding 1 s window. Past it: 429 (`rate_limit_error` for LTX, `{error, code: 429}`
   * for useapi) with `Retry-After` in whole seconds until a slot frees. `null` = off. Default off.
   */
  rateLimit?: number | null;
  /** Running useapi jobs allowed per account (a body's `maxJobs` overrides it); past it 429. `null` = off. Default 20. */
  useapiMaxJobs?: number | null;
  /** Cut the first download of EVERY artifact after half its bytes (once per artifact). Default false. */
  cutDownloads?: boolean;
  /** Share of jobs, 0–1, that fail with `api_error` (drawn with `random`). Default 0. */
  failRate?: number;
  /**
   * Prepaid balance of the LTX account in USD. Each accepted LTX submit is charged the core's estimate
   * of its body (input lengths read from the uploaded bytes); a submit whose estimate is above what is
   * left gets 402 `insufficient_funds_error` and makes no job. `null` = unlimited. Default null.
   */
  balanceUsd?: number | null;
  /** Faults per job, keyed by the job's 1-based index (order of accepted submits, both APIs). Default {}. */
  jobFaults?: Record<number, JobFaults>;
  /**
   * Accept LTX values the capability table does not know (a newer model id, size, fps or duration), as
   * the real API does once it serves them. Default false: unknown values get 400, like the table says.
   */
  acceptUnknownValues?: boolean;
}

/** Options of {@link startSimulator}. */
export interface SimulatorOptions extends Partial<SimTiming>, ServerFaults {
  /** Loopback address to listen on. Default `127.0.0.1`; anything not loopback is refused. */
  host?: string;
  /** Port of the API server (both APIs). Default 0 = random free port. */
  port?: number;
  /** Port of the storage host (signed artifact and upload URLs), a different origin. Default 0. */
  storagePort?: number;
  /** Bearer token LTX routes accept. Default `sim-ltx-key`. */
  ltxApiKey?: string;
  /** Bearer token useapi routes accept. Default `sim-useapi-token`. */
  useapiToken?: string;
  /** The LTX Studio account email useapi jobs run under. Default `sim@example.com`. */
  useapiEmail?: string;
  /** Clock in epoch ms. Default `Date.now`. Tests may pass a manual clock ({@link createManualClock}). */
  now?: () => number;
  /** Random numbers in [0, 1) for `failRate`. Default `Math.random`. */
  random?: () => number;
  /**
   * Id of the n-th accepted LTX job (1-based, counted across both APIs), e.g. to hand out ids with
   * `/`, `%`, spaces or `..` (LTX ids are opaque strings). Default: a random UUID.
   */
  ltxJobId?: (index: number) => string;
}

/** Options with every default filled in. */
export interface ResolvedOptions {
  host: string;
  port: number;
  storagePort: number;
  ltxApiKey: string;
  useapiToken: string;
  useapiEmail: string;
  now: () => number;
  random: () => number;
  ltxJobId?: (index: number) => string;
}

/** Defaults for in-process use (tests): jobs finish in about 200 ms. */
export const DEFAULT_TIMING: SimTiming = {
  pendingMs: 50,
  processingMs: 150,
  retentionMs: 24 * 60 * 60 * 1000,
  progressSteps: 4,
  pollForResultStepMs: 3000,
};

/** Default token accepted on LTX routes. */
export const DEFAULT_LTX_API_KEY = 'sim-ltx-key';
/** Default token accepted on useapi routes. */
export const DEFAULT_USEAPI_TOKEN = 'sim-useapi-token';
/** Default LTX concurrency limit, as the LTX docs give it. */
export const DEFAULT_LTX_CONCURRENCY_LIMIT = 2;
/** Default useapi `maxJobs` per account, as useapi documents it. */
export const DEFAULT_USEAPI_MAX_JOBS = 20;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** Fills defaults and refuses a non-loopback host. */
export function resolveOptions(options: SimulatorOptions): ResolvedOptions {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) throw new Error(`host "${host}" is not a loopback address (use 127.0.0.1 or ::1)`);
  return {
    host,
    port: options.port ?? 0,
    storagePort: options.storagePort ?? 0,
    ltxApiKey: options.ltxApiKey ?? DEFAULT_LTX_API_KEY,
    useapiToken: options.useapiToken ?? DEFAULT_USEAPI_TOKEN,
    useapiEmail: options.useapiEmail ?? 'sim@example.com',
    now: options.now ?? (() => Date.now()),
    random: options.random ?? (() => Math.random()),
    ...(options.ltxJobId === undefined ? {} : { ltxJobId: options.ltxJobId }),
  };
}

/** Picks the timing fields of `options` over the defaults. */
export function resolveTiming(options: Partial<SimTiming>, base: SimTiming = DEFAULT_TIMING): SimTiming {
  return {
    pendingMs: options.pendingMs ?? base.pendingMs,
    processingMs: options.processingMs ?? base.processingMs,
    retentionMs: options.retentionMs ?? base.retentionMs,
    progressSteps: options.progressSteps ?? base.progressSteps,
    pollForResultStepMs: options.pollForResultStepMs ?? base.pollForResultStepMs,
  };
}

/** A clock tests move by hand: `now()` returns the current value, `advance(ms)` moves it forward. */
export interface ManualClock {
  now: () => number;
  advance: (ms: number) => void;
  set: (epochMs: number) => void;
}

/** Creates a {@link ManualClock} starting at `start` (default 2026-01-15T10:00:00Z). */
export function createManualClock(start = Date.parse('2026-01-15T10:00:00.000Z')): ManualClock {
  let value = start;
  return {
    now: () => value,
    advance: (ms) => {
      value += ms;
    },
    set: (epochMs) => {
      value = epochMs;
    },
  };
}
