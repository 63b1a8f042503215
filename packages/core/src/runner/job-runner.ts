import { createDeps, type Deps, isAbortError } from '../deps.js';
import { ConfigError } from '../errors/config-error.js';
import { isDuplicateSubmitError } from '../errors/duplicate-submit-error.js';
import { UsageError } from '../errors/usage-error.js';
import type { Job, ProviderName } from '../job.js';
import { formatJobRef, type JobRef, jobRefOf, parseJobRef } from '../job-ref.js';
import { isTerminal } from '../job-states.js';
import { createLedger, type Ledger } from '../ledger/ledger.js';
import type { JobRecord, LedgerStore } from '../ledger/types.js';
import { createPollScheduler } from '../poll/scheduler.js';
import type { ProviderClient } from '../provider.js';
import { type ArtifactDownloadSettings, downloadRecordArtifacts } from './artifact-downloads.js';
import { cancelRecordJob } from './cancel-job.js';
import { LOADING_LEDGER } from './loading-ledger.js';
import { trackedRecord } from './new-records.js';
import { createIntentFeatures } from './runner-intents.js';
import { orderedSteps, submitWithIntent } from './submit-job.js';
import { createSubmitQueue, type SubmitSlot } from './submit-queue.js';
import type { CoreJobRunner, DownloadRecord, ProviderLimitsMap, WatchOutcome } from './types.js';

/** Options of {@link createJobRunner}. Give `ledger` (already opened) or `store` (opened here). */
export interface JobRunnerOptions {
  /** One client per provider; a job of a provider without one fails with ConfigError. */
  clients: Partial<Record<ProviderName, ProviderClient>>;
  ledger?: Ledger | undefined;
  store?: LedgerStore | undefined;
  /** Default: {@link createDeps}(). */
  deps?: Deps | undefined;
  /** Pause between reads of one job, in ms, or a function read before every wait. Default 5000. */
  pollIntervalMs?: number | (() => number) | undefined;
  /** Submit slots (`concurrentJobs`, default ltx 2 / useapi 20) and an optional fixed status-read ceiling (default: none, learned from 429s). */
  limits?: ProviderLimitsMap | undefined;
  /** How artifacts are downloaded (size cap without a declared size, transport). Default: the core's. */
  downloads?: ArtifactDownloadSettings | undefined;
  /**
   * Return at once and read the ledger in the background (the extension's activation must not wait
   * for a long job list): until `ready` resolves, `list()` is empty and `get()` undefined, and every
   * other method waits for the ledger first. Default false: the ledger is read before returning.
   */
  loadLedgerInBackground?: boolean | undefined;
}

/**
 * The lifecycle shared by CLI and extension over one ledger: submit through the per-provider queue
 * (recorded durably the moment the id is known), watch through one shared poll scheduler (the ledger
 * and `onDidChange` follow every changed read), download into the record's folder.
 */
export async function createJobRunner(options: JobRunnerOptions): Promise<CoreJobRunner> {
  const deps = options.deps ?? createDeps();
  const loading = openLedger(options, deps);
  // In the background (the extension's activation), the runner starts with an empty stand-in.
  let ledger: Ledger = options.loadLedgerInBackground ? LOADING_LEDGER : await loading;
  const ready = loading.then((opened) => {
    ledger = opened;
  });
  ready.catch((error: unknown) =>
    deps.logger.error('Could not read the job ledger', { error: String(error) }),
  );
  const { clients } = options;
  const scheduler = createPollScheduler({
    clients,
    deps,
    intervalMs: options.pollIntervalMs,
    limits: options.limits,
  });
  const queue = createSubmitQueue(options.limits ?? {}, deps);
  const lifetime = new AbortController();
  const listeners = new Set<(ref: string, record: JobRecord | undefined) => void>();
  const slots = new Map<string, SubmitSlot>();
  const slotWatches = new Set<string>();
  const lastSeen = new Map<string, string>();
  const persisting = new Map<string, Promise<void>>();
  const downloading = new Map<string, Promise<DownloadRecord[]>>();
  function emit(ref: string, record: JobRecord | undefined): void {
    for (const listener of [...listeners]) {
      try {
        listener(ref, record);
      } catch (error) {
        deps.logger.error('onDidChange listener threw', { ref, error: String(error) });
      }
    }
  }

  const inOrder = { claims: orderedSteps(), posts: orderedSteps() };
  const intentFeatures = createIntentFeatures({ ledger: () => ledger, ready, clients, deps, emit });

  function clientFor(provider: ProviderName): ProviderClient {
    const client = clients[provider];
    if (!client) throw new ConfigError(`No ${provider} client is configured (is its API key set?)`);
    return client;
  }

  function keyOf(ref: string | JobRef): string {
    return typeof ref === 'string' ? formatJobRef(parseJobRef(ref)) : formatJobRef(ref);
  }

  function recordOf(ref: string): JobRecord {
    const record = ledger.get(keyOf(ref));
    if (!record) throw new UsageError(`No job ${ref} in the ledger`);
    return record;
  }

  function signalWith(signal: AbortSignal | undefined): AbortSignal {
    return signal ? AbortSignal.any([signal, lifetime.signal]) : lifetime.signal;
  }

  function releaseSlot(ref: string): void {
    slots.get(ref)?.release();
    slots.delete(ref);
  }

  /**
   * When a submit waits (or is about to wait) for a slot, polls the jobs holding slots of that provider,
   * so that their end frees the slot even when nobody else watches them.
   */
  function watchSlotHolders(provider: ProviderName): void {
    if (queue.waiting(provider) === 0 && queue.inUse(provider) < queue.limit(provider)) return;
    for (const [ref, slot] of slots) {
      if (slot.provider !== provider || slotWatches.has(ref)) continue;
      slotWatches.add(ref);
      watch(ref)
        .catch((error: unknown) => {
          if (!isAbortError(error))
            deps.logger.warn('Could not follow a job holding a submit slot', { ref, error: String(error) });
          releaseSlot(ref);
        })
        .finally(() => slotWatches.delete(ref));
    }
  }

  /** Stores `job` when it differs from the last one stored for `ref` (ignoring read time and raw body). */
  async function persistJob(ref: string, job: Job): Promise<void> {
    const digest = JSON.stringify({ ...job, updatedAt: undefined, raw: undefined });
    if (lastSeen.get(ref) === digest) return;
    lastSeen.set(ref, digest);
    if (!ledger.get(ref)) return;
    emit(ref, await ledger.update(ref, (r) => ({ ...r, job })));
  }

  async function watch(
    ref: string,
    watchOptions: Parameters<CoreJobRunner['watch']>[1] = {},
  ): Promise<WatchOutcome> {
    await ready;
    const record = recordOf(ref);
    const key = record.ref;
    clientFor(record.provider);
    if (record.job)
      lastSeen.set(key, JSON.stringify({ ...record.job, updatedAt: undefined, raw: undefined }));
    if (!record.watching) emit(key, await ledger.update(key, (r) => ({ ...r, watching: true })));
    try {
      const outcome = await scheduler.watch(jobRefOf(record), {
        initial: record.job,
        signal: signalWith(watchOptions.signal),
        ...(watchOptions.deadline === undefined ? {} : { deadline: watchOptions.deadline }),
        ...(watchOptions.readNow === true ? { readNow: true } : {}),
        onUpdate: (job) => {
          // One write chain per ref, shared by every watcher of it: persistJob skips a job another
          // watcher already queued, so each watch must await that watcher's write too.
          const chained = (persisting.get(key) ?? Promise.resolve())
            .then(() => persistJob(key, job))
            .catch((error: unknown) =>
              deps.logger.error('Could not record a job update', { ref: key, error: String(error) }),
            );
          persisting.set(key, chained);
          void chained.then(() => {
            if (persisting.get(key) === chained) persisting.delete(key);
          });
          watchOptions.onUpdate?.(job);
        },
      });
      if (isTerminal(outcome.job.state)) releaseSlot(key);
      return outcome;
    } finally {
      await persisting.get(key);
    }
  }

  async function stopWatching(ref: string): Promise<void> {
    await ready;
    const record = recordOf(ref);
    scheduler.stop(record.ref);
    releaseSlot(record.ref);
    if (record.watching)
      emit(record.ref, await ledger.update(record.ref, (r) => ({ ...r, watching: false })));
  }

  const runner: CoreJobRunner = {
    ready,
    async submit(file, submitOptions) {
      await ready;
      const client = clientFor(file.provider);
      const context = {
        ledger,
        deps,
        queue,
        client,
        signal: signalWith(submitOptions.signal),
        beforeSlot: () => watchSlotHolders(file.provider),
        intentsChanged: intentFeatures.changed,
        inOrder,
      };
      const { record: stored, slot } = await submitWithIntent(context, file, submitOptions).catch(
        async (error: unknown) => {
          if (isDuplicateSubmitError(error)) await intentFeatures.recoverBehind(error, client);
          throw error;
        },
      );
      if (slot && (submitOptions.willWatch === false || isTerminal(stored.job?.state ?? 'queued'))) {
        slot.release();
      } else if (slot) {
        slots.set(stored.ref, slot);
        watchSlotHolders(file.provider);
      }
      emit(stored.ref, stored);
      return stored;
    },
    ...intentFeatures.api,
    async track(ref, trackOptions = {}) {
      await ready;
      const jobRef = typeof ref === 'string' ? parseJobRef(ref) : ref;
      clientFor(jobRef.provider);
      const key = formatJobRef(jobRef);
      const existing = ledger.get(key);
      if (existing) return existing;
      const from = trackOptions.from?.ref === key ? trackOptions.from : undefined;
      const record = await ledger.record(from ?? trackedRecord(jobRef, trackOptions, deps.now()));
      emit(key, record);
      return record;
    },
    watch,
    async download(ref, downloadOptions = {}) {
      await ready;
      const record = recordOf(ref);
      const running = downloading.get(record.ref);
      if (running) return running;
      const context = {
        client: clientFor(record.provider),
        ledger,
        deps,
        changed: (r: JobRecord) => emit(r.ref, r),
        settings: options.downloads,
      };
      const work = downloadRecordArtifacts(context, record, {
        ...downloadOptions,
        signal: signalWith(downloadOptions.signal),
      }).finally(() => downloading.delete(record.ref));
      downloading.set(record.ref, work);
      return work;
    },
    async cancel(ref) {
      await ready;
      const record = recordOf(ref);
      const client = clientFor(record.provider);
      if (client.canCancel) {
        // Stop polling first, so that no read in flight records "running" after "cancelled".
        scheduler.stop(record.ref);
        await persisting.get(record.ref);
      }
      const context = { client, ledger, deps, signal: lifetime.signal };
      const outcome = await cancelRecordJob(context, recordOf(record.ref));
      releaseSlot(record.ref);
      lastSeen.delete(record.ref);
      emit(record.ref, outcome.record);
      return outcome;
    },
    stopWatching,
    async remove(ref) {
      await ready;
      const key = keyOf(ref);
      scheduler.stop(key);
      releaseSlot(key);
      lastSeen.delete(key);
      if (!ledger.get(key)) return;
      await ledger.remove(key);
      emit(key, undefined);
    },
    get(ref) {
      try {
        return ledger.get(keyOf(ref));
      } catch {
        return undefined;
      }
    },
    list: () => ledger.list(),
    onDidChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      lifetime.abort();
      scheduler.dispose();
      for (const ref of [...slots.keys()]) releaseSlot(ref);
      listeners.clear();
      intentFeatures.clear();
      void ready.then(() => ledger.close());
    },
    async watchAndDownload(ref, followOptions = {}) {
      const { outputDir, onProgress, ...watchOptions } = followOptions;
      const outcome = await watch(ref, watchOptions);
      if (outcome.job.state !== 'succeeded') return { outcome, downloads: [] };
      const downloads = await runner.download(ref, {
        ...(outputDir === undefined ? {} : { outputDir }),
        ...(onProgress === undefined ? {} : { onProgress }),
        ...(watchOptions.signal === undefined ? {} : { signal: watchOptions.signal }),
        ...(watchOptions.deadline === undefined ? {} : { deadline: watchOptions.deadline }),
      });
      return { outcome, downloads };
    },
  };
  return runner;
}

async function openLedger(options: JobRunnerOptions, deps: Deps): Promise<Ledger> {
  if (options.ledger) return options.ledger;
  if (options.store) return createLedger(options.store, deps);
  throw new UsageError('createJobRunner needs a ledger or a store');
}
