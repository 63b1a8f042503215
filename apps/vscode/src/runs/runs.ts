import {
  isTerminal,
  type JobRecord,
  type Logger,
  type PlannedJob,
  type ResumeStep,
  type RunProgress,
  type RunRecord,
  type RunStore,
  requestOf,
  runEach,
  runProgress,
} from '@ltx-jobs/core';
import type { JobStore } from '../services/job-store.js';
import { Listeners } from '../services/listeners.js';

/** How one job of a run's submit ended in this window. */
export interface RunJobResult {
  job: PlannedJob;
  record?: JobRecord;
  error?: unknown;
}

/** Options of {@link Runs.carryOut}. */
export interface CarryOutOptions {
  allowDuplicate: boolean;
  /** Cut: jobs not sent yet stay unsent (`run resume` sends them later); those sent go on. */
  signal?: AbortSignal;
  /** Jobs of a provider on their way at once (its concurrency). */
  lanes?: Partial<Record<JobRecord['provider'], number>>;
  /** After each submit, sent or not. */
  onSubmitted?: (result: RunJobResult) => void;
}

/**
 * The runs of this workspace: their records (written before the first submit) and, from the job store,
 * their progress. Submits a run's jobs through the store (which watches each), resumes, stops, removes.
 * Fires the id of a run whenever it or one of its jobs changed. No `vscode` import.
 */
export class Runs {
  private readonly runs = new Map<string, RunRecord>();
  private readonly changes = new Listeners<string | undefined>();
  private readonly sending = new Map<string, AbortController>();
  /** Runs that had job records in the ledger (forgotten once the last of them is removed). */
  private readonly recorded = new Set<string>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: JobStore,
    private readonly runStore: RunStore,
    private readonly logger: Logger,
  ) {
    this.unsubscribe = store.onDidChange(({ ref, record }) => {
      const id = record?.runId;
      if (ref === '') {
        // The ledger is in (after activation): every record is new.
        for (const r of store.list()) if (r.runId !== undefined) this.recorded.add(r.runId);
        this.changes.fire(undefined, this.report);
      } else if (record === undefined) {
        // A removed record may have belonged to any run: forget runs left without one, redraw them all.
        void this.forgetEmptied();
        this.changes.fire(undefined, this.report);
      } else if (id !== undefined && this.runs.has(id)) {
        this.recorded.add(id);
        this.changes.fire(id, this.report);
      }
    });
  }

  /** Reads the runs on record (call once at activation). */
  async load(): Promise<void> {
    for (const run of await this.runStore.list()) this.runs.set(run.id, run);
    this.changes.fire(undefined, this.report);
  }

  /** A run changed (its id), or several (undefined). */
  onDidChange(listener: (id: string | undefined) => void): () => void {
    return this.changes.add(listener);
  }

  /** Every run, newest first. */
  list(): RunRecord[] {
    return [...this.runs.values()].sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  }

  get(id: string): RunRecord | undefined {
    return this.runs.get(id);
  }

  /** True when `record` belongs to a run this window knows (the tree shows it under the run). */
  owns(record: JobRecord): boolean {
    return record.runId !== undefined && this.runs.has(record.runId);
  }

  /**
   * The run's jobs joined with the ledger, counting submits of its jobs that another window or the CLI
   * is making, or that were interrupted after they were sent (the ledger's intents).
   */
  progress(id: string): RunProgress | undefined {
    const run = this.runs.get(id);
    return run === undefined ? undefined : runProgress(run, this.store.list(), this.store.intents());
  }

  /** True while this window is still sending jobs of the run. */
  isSending(id: string): boolean {
    return this.sending.has(id);
  }

  /** Writes a new run down durably (before any of its jobs is sent) and shows it. */
  async add(run: RunRecord): Promise<void> {
    await this.runStore.put(run);
    this.runs.set(run.id, run);
    this.changes.fire(run.id, this.report);
  }

  /**
   * Submits the `submit` steps of a run (each as its attempt; per provider as many on their way as it
   * has slots, the next the moment one frees; one failure stops nothing) and watches the `follow`
   * ones. Resolves once every submit was tried, with how each went.
   */
  async carryOut(
    run: RunRecord,
    steps: readonly ResumeStep[],
    options: CarryOutOptions,
  ): Promise<RunJobResult[]> {
    for (const step of steps) {
      if (step.kind === 'follow' && !isTerminal(step.record.job?.state ?? 'queued'))
        this.store.watch(step.record.ref);
    }
    const attempts = new Map(
      steps.flatMap((s) => (s.kind === 'submit' ? [[s.job.key, s.attempt] as const] : [])),
    );
    const jobs = steps.flatMap((s) => (s.kind === 'submit' ? [s.job] : []));
    const controller = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
    this.sending.set(run.id, controller);
    this.changes.fire(run.id, this.report);
    try {
      const settled = await runEach(jobs, {
        ...(options.lanes === undefined ? {} : { lanes: options.lanes }),
        signal,
        submit: (job) =>
          this.store.submit(requestOf(job), {
            baseDir: job.baseDir,
            requestFile: job.requestFile,
            ...(job.outputDir === undefined ? {} : { outputDir: job.outputDir }),
            ...(job.estimate === undefined ? {} : { estimate: job.estimate }),
            ...(job.parent === undefined ? {} : { parent: job.parent }),
            allowDuplicate: options.allowDuplicate,
            signal,
            run: {
              runId: run.id,
              job: job.key,
              variantKey: job.variantKey,
              attempt: attempts.get(job.key) ?? 1,
            },
          }),
        after: async (job, end) => {
          const result: RunJobResult =
            'record' in end ? { job, record: end.record } : { job, error: end.error };
          if (result.error !== undefined)
            this.logger.warn(`Run ${run.id}: ${job.name} was not submitted: ${messageOf(result.error)}`);
          options.onSubmitted?.(result);
          return result;
        },
      });
      return settled.map((s, i) =>
        s.status === 'fulfilled' ? s.value : { job: jobs[i] as PlannedJob, error: s.reason },
      );
    } finally {
      if (this.sending.get(run.id) === controller) this.sending.delete(run.id);
      this.changes.fire(run.id, this.report);
    }
  }

  /** The latest record of each of the run's jobs that got one. */
  records(id: string): JobRecord[] {
    return (this.progress(id)?.jobs ?? []).flatMap((j) => (j.record ? [j.record] : []));
  }

  /** Stops sending the run's remaining jobs and stops polling its running ones (the paid jobs go on). */
  async stopWatching(id: string): Promise<number> {
    this.sending.get(id)?.abort();
    let stopped = 0;
    for (const record of this.records(id)) {
      if (isTerminal(record.job?.state ?? 'queued') || !record.watching) continue;
      await this.store.stopWatching(record.ref);
      stopped++;
    }
    this.changes.fire(id, this.report);
    return stopped;
  }

  /**
   * Forgets the run and every record of its jobs (all attempts); files on disk stay. Running jobs go
   * on at the provider.
   */
  async remove(id: string): Promise<number> {
    this.sending.get(id)?.abort();
    const refs = this.store
      .list()
      .filter((r) => r.runId === id)
      .map((r) => r.ref);
    for (const ref of refs) await this.store.remove(ref);
    await this.runStore.remove(id);
    this.runs.delete(id);
    this.changes.fire(undefined, this.report);
    return refs.length;
  }

  /**
   * Forgets the runs whose every job record was removed (Remove from List, Clear Finished) while this
   * window sends none of their jobs. A run none of whose jobs ever got an id stays (Resume Failed).
   */
  private async forgetEmptied(): Promise<void> {
    const left = new Set(this.store.list().flatMap((r) => (r.runId === undefined ? [] : [r.runId])));
    for (const id of [...this.recorded]) {
      if (left.has(id) || this.sending.has(id)) continue;
      this.recorded.delete(id);
      if (!this.runs.delete(id)) continue;
      await this.runStore.remove(id).catch((error: unknown) => this.report(error));
      this.changes.fire(id, this.report);
    }
  }

  dispose(): void {
    for (const controller of this.sending.values()) controller.abort();
    this.unsubscribe();
    this.changes.clear();
  }

  private readonly report = (error: unknown): void => {
    this.logger.error(`A run listener failed: ${messageOf(error)}`);
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
