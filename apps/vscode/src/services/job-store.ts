import {
  type CancelOutcome,
  type DownloadOptions,
  type DownloadRecord,
  isAbortError,
  isAuthError,
  isTerminal,
  type JobRecord,
  type JobRunner,
  type Logger,
  type ProviderName,
  type RequestFile,
  type SubmitIntentView,
  type SubmitOptions,
  UsageError,
} from '@ltx-jobs/core';
import type { TeamRowInfo } from '../team/team-row.js';
import type { PendingSubmit } from '../view-model/pending-view.js';
import type { CliJobsChange } from './cli-jobs.js';
import { isMissingApiKeyError } from './lazy-client.js';
import { Listeners } from './listeners.js';

/** A job changed (`record` undefined: it was removed). */
export interface JobChange {
  ref: string;
  record: JobRecord | undefined;
}

/** Why this window stopped polling a live job. */
export interface WatchProblem {
  ref: string;
  provider: ProviderName;
  message: string;
  /** No key is stored, or the provider rejected it (401/403): "Set API Key" fixes it. */
  keyProblem: boolean;
}

/** What {@link JobStore.submit} is told besides the core's submit options. */
export interface PendingInfo {
  /** Name of the pending row; default: the file's `name`, else its endpoint. */
  name?: string;
}

/**
 * Jobs another ledger keeps that this window shows next to its own without polling them: the CLI's
 * jobs of this workspace ({@link CliJobs}) and the team queue's ({@link TeamJobs}).
 */
export interface ExternalJobs {
  list(): JobRecord[];
  get(ref: string): JobRecord | undefined;
  /** Leaves `ref` out of {@link list} from now on (the user removed it here). */
  hide(ref: string): void;
  onDidChange(listener: (change: CliJobsChange) => void): () => void;
  /** What a team-queue job shows besides its record; undefined for any other job. */
  team?(ref: string): TeamRowInfo | undefined;
}

/**
 * The one place the extension keeps jobs: wraps the core runner, starts one background watch per
 * live job, keeps the submits that have no job id yet (waiting for a slot), and tells subscribers
 * (tree, status bar, completion) what changed. Never calls an API. With `external` (the CLI's jobs of
 * this workspace), it lists those too, never polls them, and adopts one into its own ledger (a copy
 * of its record) before acting on it: watching, downloading, cancelling, stopping, removing.
 */
export class JobStore {
  private readonly changes = new Listeners<JobChange>();
  private readonly endings = new Listeners<JobRecord>();
  private readonly problems = new Listeners<WatchProblem>();
  private readonly pendingChanges = new Listeners<void>();
  private readonly watches = new Map<string, AbortController>();
  private readonly watchErrors = new Map<string, WatchProblem>();
  private readonly pendings = new Map<string, PendingSubmit>();
  private nextPending = 1;
  private readonly unsubscribe: () => void;
  /**
   * Resolves once the ledger is loaded (it loads after activation). Then every `onDidChange` listener
   * gets one change with ref `''` and no record: "the whole list may have changed, read it again".
   */
  readonly ready: Promise<void>;

  constructor(
    private readonly runner: JobRunner,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
    private readonly external?: ExternalJobs,
  ) {
    const offChange = runner.onDidChange((ref, record) =>
      this.changes.fire({ ref, record: record ?? external?.get(ref) }, this.report),
    );
    const offIntents = runner.onDidChangeIntents(() => this.pendingChanges.fire(undefined, this.report));
    const offExternal = external?.onDidChange((change) => {
      if ('all' in change) this.changes.fire({ ref: '', record: undefined }, this.report);
      else for (const ref of change.refs) this.changes.fire({ ref, record: this.get(ref) }, this.report);
    });
    this.unsubscribe = () => {
      offChange();
      offIntents();
      offExternal?.();
    };
    this.ready = runner.ready.then(() => this.changes.fire({ ref: '', record: undefined }, this.report));
  }

  /** Every change of a record, from any source. */
  onDidChange(listener: (change: JobChange) => void): () => void {
    return this.changes.add(listener);
  }

  /** A watched job reached a terminal state (fires once per watch, with the final record). */
  onDidEnd(listener: (record: JobRecord) => void): () => void {
    return this.endings.add(listener);
  }

  /** A watch of a live job stopped with an error (no key, key rejected, provider error). */
  onDidStopWatching(listener: (problem: WatchProblem) => void): () => void {
    return this.problems.add(listener);
  }

  /** A submit without a job id yet was added, moved to another phase, or ended; or an intent changed. */
  onDidChangePending(listener: () => void): () => void {
    return this.pendingChanges.add(listener);
  }

  /** Every record, newest first: this window's and the CLI's jobs of this workspace (see {@link ExternalJobs}). */
  list(): JobRecord[] {
    const own = this.runner.list();
    const others = this.external?.list() ?? [];
    if (others.length === 0) return own;
    const known = new Set(own.map((r) => r.ref));
    const merged = [...own, ...others.filter((r) => !known.has(r.ref))];
    return merged.sort((a, b) =>
      a.submittedAt < b.submittedAt ? 1 : a.submittedAt > b.submittedAt ? -1 : 0,
    );
  }

  /**
   * The records this window may act on (watch again, finish downloads, count as running here): all
   * but the team queue's, which its workers follow.
   */
  actionable(): JobRecord[] {
    const all = this.list();
    return this.external?.team === undefined ? all : all.filter((r) => this.teamInfo(r.ref) === undefined);
  }

  get(ref: string): JobRecord | undefined {
    return this.runner.get(ref) ?? this.external?.get(ref);
  }

  /** True for a job only the CLI's ledger has (shown here, polled by the CLI that started it). */
  isExternal(ref: string): boolean {
    return this.runner.get(ref) === undefined && this.external?.get(ref) !== undefined;
  }

  /**
   * The team-queue part of a job only the team queue has: who submitted it, where it is in the queue.
   * Such a job is never adopted: a team worker follows and downloads it.
   */
  teamInfo(ref: string): TeamRowInfo | undefined {
    return this.runner.get(ref) === undefined ? this.external?.team?.(ref) : undefined;
  }

  /** Copies a CLI job's record into this window's ledger (once), so that this window can act on it. */
  private async adopt(ref: string): Promise<void> {
    const record = this.runner.get(ref) === undefined ? this.external?.get(ref) : undefined;
    if (record === undefined) return;
    const team = this.external?.team?.(ref);
    if (team !== undefined) {
      throw new UsageError(
        `"${record.name ?? ref}" is a team-queue job (by ${team.by}): a team worker follows and downloads it, not this window`,
      );
    }
    await this.runner.track(record.ref, { from: record });
    this.logger.info(`Took over ${record.ref} from the CLI's job list`);
  }

  /** Submits that have no job id yet, newest first. */
  pending(): PendingSubmit[] {
    return [...this.pendings.values()].reverse();
  }

  /**
   * Submits without a job id that this window is not making itself: interrupted ones ("may have been
   * billed"), and those another window or the CLI is making right now.
   */
  intents(): SubmitIntentView[] {
    return this.runner.intents().filter((i) => i.state === 'interrupted' || i.owner.pid !== process.pid);
  }

  /** One of {@link intents} by id. */
  getIntent(id: string): SubmitIntentView | undefined {
    return this.intents().find((i) => i.id === id);
  }

  /** Finds the job of an interrupted submit at its provider (useapi), records it and watches it. */
  async recover(intentId: string): Promise<JobRecord> {
    const record = await this.runner.recover(intentId);
    this.watch(record.ref);
    return record;
  }

  /** Forgets an interrupted submit (the user checked the provider's account). */
  dismissIntent(intentId: string): Promise<void> {
    return this.runner.dismissIntent(intentId);
  }

  /** One pending submit by id. */
  getPending(id: string): PendingSubmit | undefined {
    return this.pendings.get(id);
  }

  /**
   * Submits (billed), then watches the new job. Until the job has an id it is a pending submit
   * (`preparing`, `waiting-for-slot` with the provider's running/limit, `sending`). DuplicateSubmitError
   * passes through.
   */
  async submit(file: RequestFile, options: SubmitOptions, info: PendingInfo = {}): Promise<JobRecord> {
    const id = String(this.nextPending++);
    const pending: PendingSubmit = {
      id,
      name: info.name ?? file.name ?? file.endpoint,
      provider: file.provider,
      endpoint: file.endpoint,
      phase: 'preparing',
      startedAt: this.now(),
      ...(options.requestFile === undefined ? {} : { requestFile: options.requestFile }),
    };
    this.pendings.set(id, pending);
    this.pendingChanges.fire(undefined, this.report);
    try {
      const record = await this.runner.submit(file, {
        ...options,
        onPhase: (phase) => {
          if (phase.phase === 'waiting-for-slot') {
            Object.assign(pending, { phase: phase.phase, running: phase.running, limit: phase.limit });
          } else pending.phase = phase.phase;
          this.pendingChanges.fire(undefined, this.report);
          options.onPhase?.(phase);
        },
      });
      this.watch(record.ref);
      return record;
    } finally {
      this.pendings.delete(id);
      this.pendingChanges.fire(undefined, this.report);
    }
  }

  /** Adds a job by ref and watches it. */
  async track(ref: string, options: { name?: string; outputDir?: string } = {}): Promise<JobRecord> {
    // A job the CLI's ledger has is taken over with what that ledger knows of it.
    const known = this.runner.get(ref) === undefined ? this.external?.get(ref) : undefined;
    const record = await this.runner.track(ref, known === undefined ? options : { ...options, from: known });
    this.watch(record.ref);
    return record;
  }

  /**
   * Starts watching every live record that is not watched here yet (after activation, a new key or
   * Refresh). With `includePaused`, also the live jobs the user stopped watching (Refresh). Returns
   * the refs it started.
   */
  resume(options: { includePaused?: boolean } = {}): string[] {
    const started: string[] = [];
    // This window's jobs only: the CLI's are polled by the CLI that started them.
    for (const record of this.runner.list()) {
      const state = record.job?.state ?? 'queued';
      if (isTerminal(state) || this.watches.has(record.ref)) continue;
      if (record.watching || options.includePaused) {
        this.watch(record.ref);
        started.push(record.ref);
      }
    }
    return started;
  }

  /** Why the last watch of a live job stopped with an error (cleared when watching starts again). */
  watchProblem(ref: string): WatchProblem | undefined {
    return this.watchErrors.get(ref);
  }

  /** True while this window polls the job. */
  isWatching(ref: string): boolean {
    return this.watches.has(ref);
  }

  /**
   * Watches in the background until the job ends; fires `onDidEnd` then. Idempotent per ref. A CLI
   * job is adopted first.
   */
  watch(ref: string): void {
    if (this.watches.has(ref)) return;
    const controller = new AbortController();
    this.watches.set(ref, controller);
    if (this.watchErrors.delete(ref)) this.changes.fire({ ref, record: this.runner.get(ref) }, this.report);
    this.adopt(ref)
      .then(() => this.runner.watch(ref, { signal: controller.signal }))
      .then((outcome) => {
        if (outcome.end !== 'terminal') return;
        const record = this.runner.get(ref);
        if (record !== undefined) this.endings.fire(record, this.report);
      })
      .catch((error: unknown) => {
        if (isAbortError(error)) return;
        const message = messageOf(error);
        this.logger.error(`Watching ${ref} stopped: ${message}`);
        const record = this.runner.get(ref);
        const problem: WatchProblem = {
          ref,
          provider: record?.provider ?? (ref.startsWith('useapi:') ? 'useapi' : 'ltx'),
          message,
          keyProblem: isAuthError(error) || isMissingApiKeyError(error),
        };
        this.watchErrors.set(ref, problem);
        this.changes.fire({ ref, record }, this.report);
        this.problems.fire(problem, this.report);
      })
      .finally(() => {
        if (this.watches.get(ref) === controller) this.watches.delete(ref);
      });
  }

  async download(ref: string, options: DownloadOptions = {}): Promise<DownloadRecord[]> {
    await this.adopt(ref);
    return this.runner.download(ref, options);
  }

  /**
   * Cancels at the provider (useapi's scheduler); the core records the job as `cancelled`, or, when it
   * had ended before the cancel arrived, its final state (`already-ended`). The job's end then reaches
   * `onDidEnd` as for any watched job.
   */
  async cancel(ref: string): Promise<CancelOutcome> {
    this.abortWatch(ref);
    await this.adopt(ref);
    const outcome = await this.runner.cancel(ref);
    this.watch(ref);
    return outcome;
  }

  async stopWatching(ref: string): Promise<void> {
    this.abortWatch(ref);
    await this.adopt(ref);
    await this.runner.stopWatching(ref);
  }

  /** Forgets the job here; a CLI job is also left out of this workspace's list (the CLI keeps it). */
  async remove(ref: string): Promise<void> {
    this.abortWatch(ref);
    if (this.external?.get(ref) !== undefined) this.external.hide(ref);
    await this.runner.remove(ref);
  }

  dispose(): void {
    for (const controller of this.watches.values()) controller.abort();
    this.watches.clear();
    this.unsubscribe();
    this.changes.clear();
    this.endings.clear();
    this.problems.clear();
    this.pendingChanges.clear();
    this.runner.dispose();
  }

  private abortWatch(ref: string): void {
    this.watches.get(ref)?.abort();
    this.watches.delete(ref);
    this.watchErrors.delete(ref);
  }

  private readonly report = (error: unknown): void => {
    this.logger.error(`A job listener failed: ${messageOf(error)}`);
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
