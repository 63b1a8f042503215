import type { JobRecord, Logger } from '@ltx-jobs/core';
import type { CliJobsChange } from '../services/cli-jobs.js';
import { Listeners } from '../services/listeners.js';
import type { TeamQueueStatus, TeamReader, TeamReaderConfig } from './team-reader.js';
import type { TeamRow, TeamRowInfo } from './team-row.js';
import { withTimeout } from './with-timeout.js';

/** Where the window stands with the team queue. */
export type TeamConnection =
  | { kind: 'off' }
  | { kind: 'connecting' }
  | { kind: 'on'; queue: string; status: TeamQueueStatus[]; readAt: number }
  /**
   * `queue` is the URL without its password ('' before it was checked); `fix`: a setting or the
   * password is wrong (no retry until they change); else it is retried.
   */
  | { kind: 'error'; queue: string; message: string; fix: boolean; readAt?: number };

/** What {@link TeamJobs} reads its configuration and code from. */
export interface TeamJobsOptions {
  /** The settings and the stored password, read at every {@link TeamJobs.open}. */
  config(): Promise<Omit<TeamReaderConfig, 'connectTimeoutMs'>>;
  /** Loads dist/team.js (BullMQ, ioredis): only called when `ltxJobs.queue.url` is set. */
  load(): Promise<{ openTeamReader(config: TeamReaderConfig): Promise<TeamReader> }>;
  /** Refs the user removed from this window's list (kept per workspace). */
  hidden: { has(ref: string): boolean; add(ref: string): void };
  logger: Logger;
  /** Between reads while a team job is waiting or running. Default 2 s. */
  busyMs?: number;
  /** While none is: between looks at the queues' last event (a job added or moved reads at once). Default 1 s. */
  watchMs?: number;
  /** While none is: between reads even when no event came. Default 30 s. */
  idleMs?: number;
  /** Connect timeout. Default 5 s. */
  connectTimeoutMs?: number;
}

/** A read that takes longer than this is given up (Redis unreachable since the connect). */
const READ_TIMEOUT_MS = 10_000;

/**
 * The team queue's jobs (issue 14), shown by the job store next to this window's own and the CLI's,
 * read only: the workers submit, follow and download them. Off (nothing loaded, no connection) while
 * `ltxJobs.queue.url` is blank. On, it reads the newest jobs and the queues' status again every
 * `busyMs` while one is waiting or running, every `idleMs` otherwise, and at once after this window
 * enqueued; one read at a time, a bounded number of Redis round trips each (see readTeamJobRows).
 * When Redis cannot be reached it says so ({@link connection}) and tries again with a growing pause.
 */
export class TeamJobs {
  private rows = new Map<string, TeamRow>();
  /** Queue job id -> still waiting or running when last read (a job seen ending is told once). */
  private readonly live = new Map<string, boolean>();
  private readonly endings = new Listeners<TeamRow>();
  private readonly changes = new Listeners<CliJobsChange>();
  private readonly connectionChanges = new Listeners<TeamConnection>();
  private state: TeamConnection = { kind: 'off' };
  private reader: TeamReader | undefined;
  private timer: NodeJS.Timeout | undefined;
  private generation = 0;
  private failures = 0;
  private reading: Promise<void> | undefined;
  private opening: Promise<void> | undefined;

  constructor(private readonly options: TeamJobsOptions) {}

  get connection(): TeamConnection {
    return this.state;
  }

  list(): JobRecord[] {
    return [...this.rows.values()].map((row) => row.record);
  }

  get(ref: string): JobRecord | undefined {
    return this.rows.get(ref)?.record;
  }

  /** What the row of `ref` shows besides its record (who submitted it, where it is in the queue). */
  info(ref: string): TeamRowInfo | undefined {
    return this.rows.get(ref)?.info;
  }

  hide(ref: string): void {
    this.options.hidden.add(ref);
    if (this.rows.delete(ref)) this.changes.fire({ refs: [ref] }, this.report);
  }

  onDidChange(listener: (change: CliJobsChange) => void): () => void {
    return this.changes.add(listener);
  }

  /** A job this user submitted from this machine ended (seen waiting or running first). */
  onDidEndMine(listener: (row: TeamRow) => void): () => void {
    return this.endings.add(listener);
  }

  onDidChangeConnection(listener: (connection: TeamConnection) => void): () => void {
    return this.connectionChanges.add(listener);
  }

  /** (Re)connects as the settings say now: off when `ltxJobs.queue.url` is blank. */
  open(): Promise<void> {
    const opening = this.connect();
    this.opening = opening;
    return opening;
  }

  private async connect(): Promise<void> {
    const generation = ++this.generation;
    await this.close();
    const config = await this.options.config();
    if (generation !== this.generation) return;
    if (config.url.trim() === '') {
      this.apply([]);
      this.setState({ kind: 'off' });
      return;
    }
    this.setState({ kind: 'connecting' });
    try {
      const module = await this.options.load();
      const reader = await module.openTeamReader({
        ...config,
        connectTimeoutMs: this.options.connectTimeoutMs ?? 5000,
      });
      if (generation !== this.generation) {
        await reader.close();
        return;
      }
      this.reader = reader;
      this.options.logger.info(`Showing the team queue ${reader.shown}`);
      await this.read(generation);
    } catch (error) {
      // The setting's text may hold a password: only the checked URL (reader.shown) is ever shown.
      if (generation === this.generation) this.failed(error, '', generation);
    }
  }

  /**
   * The open queue for a submit: waits for a connect under way, else connects again (a Redis that
   * was unreachable is tried at once); throws why there is none (off, unreachable, a setting to fix).
   */
  async openReader(): Promise<TeamReader> {
    if (this.reader === undefined) {
      await (this.state.kind === 'connecting' && this.opening !== undefined ? this.opening : this.open());
    }
    if (this.reader !== undefined) return this.reader;
    if (this.state.kind === 'error') throw new Error(this.state.message);
    throw new Error('The team queue is off (ltxJobs.queue.url is blank)');
  }

  /**
   * Reads again now (after this window enqueued, or Refresh); resolves once read. A queue that could
   * not be reached is tried again at once.
   */
  refresh(): Promise<void> {
    if (this.reader === undefined) return this.state.kind === 'error' ? this.open() : Promise.resolve();
    clearTimeout(this.timer);
    const generation = this.generation;
    // A read under way may have started before the change: read once more after it.
    const before = this.reading ?? Promise.resolve();
    return before.then(() => this.read(generation));
  }

  dispose(): void {
    this.generation++;
    void this.close();
    this.changes.clear();
    this.connectionChanges.clear();
    this.endings.clear();
  }

  private async close(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const reader = this.reader;
    this.reader = undefined;
    await reader?.close().catch(() => undefined);
  }

  private read(generation: number): Promise<void> {
    this.reading ??= this.readOnce(generation).finally(() => {
      this.reading = undefined;
    });
    return this.reading;
  }

  private async readOnce(generation: number): Promise<void> {
    const reader = this.reader;
    if (reader === undefined) return;
    try {
      // The mark first: an event after it reads again at the next look.
      const mark = await withTimeout(reader.changeMark(), READ_TIMEOUT_MS);
      const snapshot = await withTimeout(reader.read(), READ_TIMEOUT_MS);
      if (generation !== this.generation) return;
      this.failures = 0;
      this.apply(snapshot.rows);
      const readAt = Date.now();
      this.setState({ kind: 'on', queue: reader.shown, status: snapshot.status, readAt });
      const busy = snapshot.rows.some((r) => ['waiting', 'delayed', 'active'].includes(r.info.queueState));
      if (busy) this.schedule(() => this.read(generation), this.busyMs);
      else this.watch(reader, generation, mark, readAt);
    } catch (error) {
      if (generation !== this.generation) return;
      await this.close();
      this.failed(error, reader.shown, generation);
    }
  }

  /**
   * While no team job waits or runs, only the queues' last event is looked at (two commands a
   * second); a new event (a job added by anyone, or moved) reads at once, else every `idleMs`.
   */
  private watch(reader: TeamReader, generation: number, mark: string, readAt: number): void {
    this.schedule(async () => {
      if (generation !== this.generation || reader !== this.reader) return;
      try {
        const now = await withTimeout(reader.changeMark(), READ_TIMEOUT_MS);
        if (generation !== this.generation) return;
        if (now !== mark || Date.now() - readAt >= (this.options.idleMs ?? 30_000))
          await this.read(generation);
        else this.watch(reader, generation, mark, readAt);
      } catch (error) {
        if (generation !== this.generation) return;
        await this.close();
        this.failed(error, reader.shown, generation);
      }
    }, this.options.watchMs ?? 1000);
  }

  private get busyMs(): number {
    return this.options.busyMs ?? 2000;
  }

  /** Reports the error; a network problem is tried again after 5 s, 10 s, … up to 60 s. */
  private failed(error: unknown, queue: string, generation: number): void {
    const message = error instanceof Error ? error.message : String(error);
    const name = error instanceof Error ? error.name : '';
    const fix = name === 'ConfigError' || name === 'UsageError';
    this.options.logger.warn(`Team queue: ${message}`);
    const readAt = this.state.kind === 'on' ? this.state.readAt : undefined;
    this.setState({ kind: 'error', queue, message, fix, ...(readAt === undefined ? {} : { readAt }) });
    if (fix) return;
    this.failures++;
    const pause = Math.min(60_000, 5000 * 2 ** (this.failures - 1));
    this.schedule(() => (generation === this.generation ? this.open() : Promise.resolve()), pause);
  }

  private schedule(next: () => Promise<void>, ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void next(), ms);
    this.timer.unref?.();
  }

  private setState(state: TeamConnection): void {
    this.state = state;
    this.connectionChanges.fire(state, this.report);
  }

  /** Replaces the rows and tells which changed (compared by content: every read builds new objects). */
  private apply(rows: readonly TeamRow[]): void {
    const next = new Map<string, TeamRow>();
    for (const row of rows) if (!this.options.hidden.has(row.record.ref)) next.set(row.record.ref, row);
    const changed: string[] = [];
    for (const [ref, row] of next) {
      const before = this.rows.get(ref);
      if (before !== undefined && JSON.stringify(before) === JSON.stringify(row)) next.set(ref, before);
      else changed.push(ref);
    }
    for (const ref of this.rows.keys()) if (!next.has(ref)) changed.push(ref);
    this.rows = next;
    for (const row of rows) {
      // Ended in the queue: its files are in the shared folder, or it failed.
      const ended = row.info.queueState === 'completed' || row.info.queueState === 'failed';
      if (row.info.mine && ended && this.live.get(row.info.jobId) === true)
        this.endings.fire(row, this.report);
      this.live.set(row.info.jobId, !ended);
    }
    if (changed.length === 0) return;
    this.changes.fire(changed.length > 50 ? { all: true } : { refs: changed }, this.report);
  }

  private readonly report = (error: unknown): void => {
    this.options.logger.error(`A listener of the team queue failed: ${String(error)}`);
  };
}
