import type { JobRecord, JobRunner, SubmitIntentView } from '@ltx-jobs/core';
import { Listeners } from './listeners.js';

/**
 * A {@link JobRunner} whose real one is still loading (issue 8: activation loads neither the core
 * runner, its ledger, HTTP and download code, nor zod's schemas; they come in their own bundle right
 * after). Until then it lists no job; `ready` resolves once the real runner's ledger is in (then the
 * job store tells every view to read the list again). Calls that act wait for the real runner.
 */
export function deferredRunner(loading: Promise<JobRunner>): JobRunner {
  let real: JobRunner | undefined;
  let disposed = false;
  const changes = new Listeners<{ ref: string; record: JobRecord | undefined }>();
  const intentChanges = new Listeners<SubmitIntentView[]>();
  const loaded = loading.then((runner) => {
    if (disposed) {
      runner.dispose();
      return runner;
    }
    real = runner;
    runner.onDidChange((ref, record) => changes.fire({ ref, record }));
    runner.onDidChangeIntents((intents) => intentChanges.fire(intents));
    return runner;
  });
  return {
    ready: loaded.then((runner) => runner.ready),
    submit: async (file, options) => (await loaded).submit(file, options),
    track: async (ref, options) => (await loaded).track(ref, options),
    watch: async (ref, options) => (await loaded).watch(ref, options),
    download: async (ref, options) => (await loaded).download(ref, options),
    cancel: async (ref) => (await loaded).cancel(ref),
    stopWatching: async (ref) => (await loaded).stopWatching(ref),
    remove: async (ref) => (await loaded).remove(ref),
    get: (ref) => real?.get(ref),
    list: () => real?.list() ?? [],
    onDidChange: (listener) => changes.add(({ ref, record }) => listener(ref, record)),
    intents: () => real?.intents() ?? [],
    onDidChangeIntents: (listener) => intentChanges.add(listener),
    recover: async (intentId) => (await loaded).recover(intentId),
    dismissIntent: async (intentId) => (await loaded).dismissIntent(intentId),
    dispose: () => {
      disposed = true;
      changes.clear();
      intentChanges.clear();
      real?.dispose();
    },
  };
}
