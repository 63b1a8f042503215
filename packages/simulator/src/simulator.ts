import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { apiRoutes, dispatch, type RoutePicker, storageRoutes } from './dispatch.js';
import { FaultBook, type FaultRule } from './faults.js';
import { JobStore, type SimJobSnapshot } from './job-store.js';
import {
  DEFAULT_LTX_CONCURRENCY_LIMIT,
  DEFAULT_USEAPI_MAX_JOBS,
  resolveOptions,
  resolveTiming,
  type ServerFaults,
  type SimTiming,
  type SimulatorOptions,
} from './options.js';
import { RateLimiter } from './rate-limit.js';
import { type RequestFilter, RequestLog } from './request-log.js';
import type { SimContext } from './sim-context.js';
import { StorageState, type UploadSlot, type UseapiAsset } from './storage-state.js';
import type { RequestLogEntry, SimProvider } from './types.js';

/** A running simulator. Every URL is on loopback; `close()` stops both ports. */
export interface Simulator {
  /** Origin of the API port, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** The API port (both APIs). */
  port: number;
  /** LTX base URL (`{url}/ltx`): the client calls `{ltxBaseUrl}/v2/...` and `{ltxBaseUrl}/v1/upload`. */
  ltxBaseUrl: string;
  /** useapi base URL (`{url}/useapi`): the client calls `{useapiBaseUrl}/v1/ltxstudio/...`. */
  useapiBaseUrl: string;
  /** Origin of the storage host (artifacts, uploads): a different port, so a different origin. */
  storageUrl: string;
  storagePort: number;
  /** The tokens the routes accept. */
  ltxApiKey: string;
  useapiToken: string;
  /** `LTX_API_BASE_URL`, `USEAPI_BASE_URL`, `LTX_API_KEY`, `USEAPI_API_TOKEN` for a client to use. */
  env: Record<'LTX_API_BASE_URL' | 'USEAPI_BASE_URL' | 'LTX_API_KEY' | 'USEAPI_API_TOKEN', string>;
  /** Jobs accepted so far, as they are now. */
  jobs: {
    list(provider?: SimProvider): SimJobSnapshot[];
    get(id: string): SimJobSnapshot | undefined;
  };
  /**
   * Generations of `provider` in flight (pending or processing) right now, and the most that were in
   * flight at once since the start (the count an account's concurrency limit applies to).
   */
  inFlight(provider: SimProvider): { now: number; peak: number };
  /** Every request received on both ports (live array; Authorization values redacted). */
  requests: readonly RequestLogEntry[];
  /** Requests matching `filter`. */
  requestsWhere(filter: RequestFilter): RequestLogEntry[];
  /** Number of submit requests received (accepted or not), optionally for one provider. */
  submitCount(provider?: SimProvider): number;
  /** LTX upload slots and what was PUT into them. */
  uploads(): UploadSlot[];
  /** useapi assets uploaded with `POST /assets/`. */
  assets(): UseapiAsset[];
  /** Changes server-level faults; only the fields given are replaced (`rules` replaces all pending rules). */
  setFaults(faults: ServerFaults): void;
  /** USD left on the simulated LTX account (`balanceUsd`), `null` when unlimited. */
  balance(): number | null;
  /** Appends one fault rule to the pending ones. */
  addFault(rule: FaultRule): void;
  /** Rules not used up yet. */
  pendingFaults(): { rule: FaultRule; left: number }[];
  /**
   * Changes the keys the routes accept, as when a key is revoked or rotated in the console: the old
   * key is answered 401 from then on. `ltxApiKey`/`useapiToken` above keep the keys the simulator
   * started with.
   */
  setApiKeys(keys: { ltxApiKey?: string; useapiToken?: string }): void;
  /** Changes timing for jobs submitted from now on. */
  setTiming(timing: Partial<SimTiming>): void;
  /** Forgets the request log. */
  clearRequests(): void;
  /** Stops both ports and drops open connections. */
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function serve(ctx: SimContext, pick: RoutePicker): Server {
  return createServer((req, res) => {
    void dispatch(ctx, pick, req, res);
  });
}

function stop(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function applyFaults(ctx: SimContext, faults: ServerFaults): void {
  if (faults.rules !== undefined) ctx.faults.set(faults.rules);
  if (faults.ltxConcurrencyLimit !== undefined) ctx.settings.ltxConcurrencyLimit = faults.ltxConcurrencyLimit;
  if (faults.rateLimit !== undefined) ctx.rateLimiter.set(faults.rateLimit);
  if (faults.useapiMaxJobs !== undefined) ctx.settings.useapiMaxJobs = faults.useapiMaxJobs;
  if (faults.cutDownloads !== undefined) ctx.settings.cutDownloads = faults.cutDownloads;
  if (faults.failRate !== undefined) ctx.settings.failRate = faults.failRate;
  if (faults.jobFaults !== undefined) ctx.settings.jobFaults = faults.jobFaults;
  if (faults.balanceUsd !== undefined) ctx.settings.balanceUsd = faults.balanceUsd;
  if (faults.acceptUnknownValues !== undefined) ctx.settings.acceptUnknownValues = faults.acceptUnknownValues;
}

/**
 * Starts the simulator: an API port serving LTX under `/ltx` and useapi under `/useapi`, and a
 * storage port for signed artifact and upload URLs. Both listen on 127.0.0.1, random ports by default.
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const resolved = resolveOptions(options);
  let storageUrl = '';
  const ctx: SimContext = {
    options: resolved,
    timing: resolveTiming(options),
    settings: {
      ltxConcurrencyLimit: DEFAULT_LTX_CONCURRENCY_LIMIT,
      useapiMaxJobs: DEFAULT_USEAPI_MAX_JOBS,
      cutDownloads: false,
      failRate: 0,
      jobFaults: {},
      balanceUsd: null,
      acceptUnknownValues: false,
    },
    faults: new FaultBook(),
    rateLimiter: new RateLimiter(),
    jobs: new JobStore(),
    storage: new StorageState(() => storageUrl),
    log: new RequestLog(),
    now: resolved.now,
  };
  applyFaults(ctx, options);
  const apiServer = serve(ctx, apiRoutes(ctx));
  const storageServer = serve(ctx, storageRoutes);
  const hostInUrl = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;
  const port = await listen(apiServer, resolved.port, resolved.host);
  let storagePort: number;
  try {
    storagePort = await listen(storageServer, resolved.storagePort, resolved.host);
  } catch (error) {
    await stop(apiServer);
    throw error;
  }
  const url = `http://${hostInUrl}:${port}`;
  storageUrl = `http://${hostInUrl}:${storagePort}`;
  const now = () => ctx.now();
  return {
    url,
    port,
    ltxBaseUrl: `${url}/ltx`,
    useapiBaseUrl: `${url}/useapi`,
    storageUrl,
    storagePort,
    ltxApiKey: resolved.ltxApiKey,
    useapiToken: resolved.useapiToken,
    env: {
      LTX_API_BASE_URL: `${url}/ltx`,
      USEAPI_BASE_URL: `${url}/useapi`,
      LTX_API_KEY: resolved.ltxApiKey,
      USEAPI_API_TOKEN: resolved.useapiToken,
    },
    jobs: {
      list: (provider) =>
        ctx.jobs
          .all()
          .filter((job) => provider === undefined || job.provider === provider)
          .map((job) => ctx.jobs.snapshot(job, now())),
      get: (id) => {
        const job = ctx.jobs.get(id);
        return job === undefined ? undefined : ctx.jobs.snapshot(job, now());
      },
    },
    inFlight: (provider) => ctx.jobs.inFlight(provider, now()),
    requests: ctx.log.entries,
    requestsWhere: (filter) => ctx.log.filter(filter),
    submitCount: (provider) =>
      ctx.log.filter({ op: 'submit', ...(provider ? { api: provider } : {}) }).length,
    uploads: () => [...ctx.storage.uploads.values()],
    assets: () => [...ctx.storage.assets.values()],
    setFaults: (faults) => applyFaults(ctx, faults),
    balance: () => ctx.settings.balanceUsd,
    addFault: (rule) => ctx.faults.add(rule),
    setApiKeys: (keys) => {
      if (keys.ltxApiKey !== undefined) ctx.options.ltxApiKey = keys.ltxApiKey;
      if (keys.useapiToken !== undefined) ctx.options.useapiToken = keys.useapiToken;
    },
    pendingFaults: () => ctx.faults.pending(),
    setTiming: (timing) => {
      ctx.timing = resolveTiming(timing, ctx.timing);
    },
    clearRequests: () => ctx.log.clear(),
    close: async () => {
      await Promise.all([stop(apiServer), stop(storageServer)]);
    },
  };
}
