import {
  type DownloadOptions,
  type DownloadRecord,
  isAbortError,
  isTerminal,
  type JobRecord,
  type JobRunner,
  type Logger,
  type RequestFile,
  type SubmitOptions,
} from '@ltx-jobs/core';
import { Listeners } from './listeners.js';

/** A job changed (`record` undefined: it was removed). */
export interface JobChange {
  ref: string;
  record: JobRecord | undefined;
}

/**
 * The one place the extension keeps jobs: wraps the core runner, starts one background watch per
 * live job, and tells subscribers (tree, status bar, completion) what changed. Never calls an API.
 */
export class JobStore {
  private readonly changes = new Listeners<JobChange>();
  private readonly endings = new Listeners<JobRecord>();
  private readonly watches = new Map<string, AbortController>();
  private readonly watchErrors = new Map<string, string>();
  private readonly cancelled = new Set<string>();
  private readonly unsubscribe: () => void;
  /**
   * Resolves once the ledger is loaded (it loads after activation). Then every `onDidChange` listener
   * gets one change with ref `''` and no record: "the whole list may have changed, read it again".
   */
  readonly ready: Promise<void>;

  constructor(
    private readonly runner: JobRunner,
    private readonly logger: Logger,
  ) {
    this.unsubscribe = runner.onDidChange((ref, record) => this.changes.fire({ ref, record }, this.report));
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

  /** Every record, newest first. */
  list(): JobRecord[] {
    return this.runner.list();
  }

  get(ref: string): JobRecord | undefined {
    return this.runner.get(ref);
  }

  /** Submits (billed), then watches the new job. DuplicateSubmitError passes through. */
  async submit(file: RequestFile, options: SubmitOptions): Promise<JobRecord> {
    const record = await this.runner.submit(file, options);
    this.watch(record.ref);
    return record;
  }

  /** Adds a job by ref and watches it. */
  async track(ref: string, options: { name?: string; outputDir?: string } = {}): Promise<JobRecord> {
    const record = await this.runner.track(ref, options);
    this.watch(record.ref);
    return record;
  }

  /** Starts watching every record that is still live and not watched yet (after activation or refresh). */
  resume(): string[] {
    const started: string[] = [];
    for (const record of this.list()) {
      const state = record.job?.state ?? 'queued';
      if (record.watching && !isTerminal(state) && !this.watches.has(record.ref)) {
        this.watch(record.ref);
        started.push(record.ref);
      }
    }
    return started;
  }

  /** Why the last watch of a live job stopped with an error (cleared when watching starts again). */
  watchError(ref: string): string | undefined {
    return this.watchErrors.get(ref);
  }

  /** True while this window polls the job. */
  isWatching(ref: string): boolean {
    return this.watches.has(ref);
  }

  /** Watches in the background until the job ends; fires `onDidEnd` then. Idempotent per ref. */
  watch(ref: string): void {
    if (this.watches.has(ref)) return;
    const controller = new AbortController();
    this.watches.set(ref, controller);
    if (this.watchErrors.delete(ref)) this.changes.fire({ ref, record: this.runner.get(ref) }, this.report);
    this.runner
      .watch(ref, { signal: controller.signal })
      .then((outcome) => {
        if (outcome.end !== 'terminal') return;
        const record = this.runner.get(ref);
        if (record !== undefined) this.endings.fire(record, this.report);
      })
      .catch((error: unknown) => {
        if (isAbortError(error)) return;
        this.logger.error(`Watching ${ref} stopped: ${messageOf(error)}`);
        this.watchErrors.set(ref, messageOf(error));
        this.changes.fire({ ref, record: this.runner.get(ref) }, this.report);
      })
      .finally(() => {
        if (this.watches.get(ref) === controller) this.watches.delete(ref);
      });
  }

  download(ref: string, options: DownloadOptions = {}): Promise<DownloadRecord[]> {
    return this.runner.download(ref, options);
  }

  /**
   * Cancels at the provider (useapi's scheduler), then reads the job to its end so the tree shows the
   * provider's final word (useapi reports a cancelled job as failed) instead of a paused "running".
   */
  async cancel(ref: string): Promise<void> {
    this.abortWatch(ref);
    await this.runner.cancel(ref);
    this.cancelled.add(ref);
    this.watch(ref);
  }

  /** True when the user cancelled the job in this window (its end is not a failure to alarm about). */
  wasCancelled(ref: string): boolean {
    return this.cancelled.has(ref);
  }

  async stopWatching(ref: string): Promise<void> {
    this.abortWatch(ref);
    await this.runner.stopWatching(ref);
  }

  async remove(ref: string): Promise<void> {
    this.abortWatch(ref);
    this.cancelled.delete(ref);
    await this.runner.remove(ref);
  }

  dispose(): void {
    for (const controller of this.watches.values()) controller.abort();
    this.watches.clear();
    this.unsubscribe();
    this.changes.clear();
    this.endings.clear();
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
