import type { JobRecord, SubmitIntentView } from '@ltx-jobs/core';
import type { JobChange, JobStore } from '../../src/services/job-store.js';
import { Listeners } from '../../src/services/listeners.js';
import { ViewState } from '../../src/services/view-state.js';
import type { PendingSubmit } from '../../src/view-model/pending-view.js';

/** The part of JobStore the tree reads, over a plain list the test changes. */
export function fakeStore(initial: JobRecord[]) {
  let records = initial;
  let pendings: PendingSubmit[] = [];
  let intents: SubmitIntentView[] = [];
  const changes = new Listeners<JobChange>();
  const pendingChanges = new Listeners<void>();
  const store = {
    list: () => records,
    get: (ref: string) => records.find((r) => r.ref === ref),
    onDidChange: (listener: (c: JobChange) => void) => changes.add(listener),
    onDidChangePending: (listener: () => void) => pendingChanges.add(listener),
    pending: () => pendings,
    getPending: (id: string) => pendings.find((p) => p.id === id),
    intents: () => intents,
    getIntent: (id: string) => intents.find((i) => i.id === id),
    watchProblem: () => undefined,
    isExternal: () => false,
    teamInfo: () => undefined,
  } as unknown as JobStore;
  return {
    store,
    /** Replaces (or adds, or with `undefined` removes) one record and tells the tree. */
    change(ref: string, next: JobRecord | undefined) {
      const rest = records.filter((r) => r.ref !== ref);
      records = next === undefined ? rest : [next, ...rest];
      changes.fire({ ref, record: next });
    },
    setPending(next: PendingSubmit[]) {
      pendings = next;
      pendingChanges.fire(undefined);
    },
    setIntents(next: SubmitIntentView[]) {
      intents = next;
      pendingChanges.fire(undefined);
    },
  };
}

/** A ViewState over an in-memory memento. */
export function viewStateOver(values: Record<string, unknown> = {}) {
  return new ViewState({
    get: <T>(key: string) => values[key] as T | undefined,
    update: async (key: string, value: unknown) => {
      values[key] = value;
    },
  });
}
