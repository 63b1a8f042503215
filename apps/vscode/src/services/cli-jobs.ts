import { type FSWatcher, watch } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import { homeFromEnv, type JobRecord, LEDGER_FILE, type Ledger, type Logger } from '@ltx-jobs/core';
import { Listeners } from './listeners.js';

/** The CLI's ledger: its home folder and how to open the ledger file in it (read only). */
export interface CliLedgerSource {
  /** The CLI's home folder (`ltxJobs.cliHome`, else `LTX_JOBS_HOME`, else the CLI's default). */
  home: string;
  /** Path of the ledger file in {@link home}. */
  path: string;
  open(): Promise<Ledger>;
}

/** Where the jobs come from and which of them belong to this window. */
export interface CliJobsOptions {
  /** The CLI's ledger, asked at every {@link CliJobs.open} (core's ledger code loads with the runner). */
  source(): Promise<CliLedgerSource>;
  /** The workspace's folders (absolute paths): a job belongs here when its request file or output folder is inside one. */
  folders(): readonly string[];
  /** Refs the user removed from this window's list (kept per workspace). */
  hidden: { has(ref: string): boolean; add(ref: string): void };
  logger: Logger;
  /** Milliseconds between looks for a home folder that does not exist yet. Default 15 s. */
  retryMs?: number;
}

/** A change of {@link CliJobs}: the refs whose record changed, or `all` (read the whole list again). */
export type CliJobsChange = { refs: string[] } | { all: true };

/** Above this many changed refs at once, one `all` change is told instead. */
const MANY = 50;

/**
 * The jobs the `ltx-jobs` CLI or its MCP server (`ltx-jobs mcp`) recorded in the CLI's ledger for
 * files of this workspace (issue 13: an agent's jobs appear in the Jobs view without "Track Existing
 * Job"). Read only: this window never polls them (the CLI that started them does) and never writes
 * that ledger; a change there (another process appends) is read again within moments (a file watch).
 * The job store shows them next to its own and adopts one into its own ledger when the user acts on it.
 */
export class CliJobs {
  private ledger: Ledger | undefined;
  private watcher: FSWatcher | undefined;
  private retry: NodeJS.Timeout | undefined;
  private pending: NodeJS.Timeout | undefined;
  private records = new Map<string, JobRecord>();
  private readonly changes = new Listeners<CliJobsChange>();
  private location = '';
  private disposed = false;

  constructor(private readonly options: CliJobsOptions) {}

  /** Where the CLI's ledger is read from (empty until {@link open}). */
  get path(): string {
    return this.location;
  }

  /** The CLI's jobs of this workspace, newest first (none before {@link open} or without a CLI ledger). */
  list(): JobRecord[] {
    return [...this.records.values()];
  }

  get(ref: string): JobRecord | undefined {
    return this.records.get(ref);
  }

  /** Hides `ref` from {@link list} in this workspace (the user removed it here; the CLI keeps it). */
  hide(ref: string): void {
    this.options.hidden.add(ref);
    if (this.records.delete(ref)) this.changes.fire({ refs: [ref] }, this.report);
  }

  onDidChange(listener: (change: CliJobsChange) => void): () => void {
    return this.changes.add(listener);
  }

  /**
   * Opens the CLI's ledger (again, e.g. after `ltxJobs.cliHome` changed) and watches its folder.
   * A folder that does not exist yet is looked for again every `retryMs`.
   */
  async open(): Promise<void> {
    this.close();
    const source = await this.options.source();
    const home = source.home;
    this.location = source.path;
    try {
      this.watcher = watch(home, { persistent: false }, (_event, name) => {
        if (name === null || String(name).startsWith(LEDGER_FILE)) this.readSoon();
      });
      this.watcher.on('error', () => this.readSoon());
    } catch {
      // No folder yet: the CLI has never run here. Look again later; nothing to read until then.
      this.retry = setTimeout(() => void this.open(), this.options.retryMs ?? 15_000);
      this.retry.unref?.();
      this.apply(new Map());
      return;
    }
    const opened = await source.open();
    if (this.disposed || this.location !== source.path) {
      opened.close();
      return;
    }
    this.ledger = opened;
    this.apply(this.mine(opened.list()));
  }

  /** Reads what the CLI appended since the last read. */
  async refresh(): Promise<void> {
    const ledger = this.ledger;
    if (ledger === undefined) return;
    await ledger.refresh();
    if (ledger === this.ledger) this.apply(this.mine(ledger.list()));
  }

  dispose(): void {
    this.disposed = true;
    this.close();
    this.changes.clear();
  }

  private close(): void {
    this.watcher?.close();
    this.watcher = undefined;
    clearTimeout(this.retry);
    clearTimeout(this.pending);
    this.ledger?.close();
    this.ledger = undefined;
  }

  /** Coalesces a burst of file events (one append is several) into one read. */
  private readSoon(): void {
    clearTimeout(this.pending);
    this.pending = setTimeout(() => {
      this.refresh().catch((error: unknown) =>
        this.options.logger.warn(`Could not read the CLI's job list ${this.location}: ${String(error)}`),
      );
    }, 150);
  }

  /** The records of `all` that belong to this workspace and were not hidden here. */
  private mine(all: readonly JobRecord[]): Map<string, JobRecord> {
    const folders = this.options.folders();
    const inside = (path: string | undefined) =>
      path !== undefined &&
      folders.some((folder) => {
        const rel = relative(folder, path);
        return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
      });
    const mine = new Map<string, JobRecord>();
    for (const record of all) {
      if (this.options.hidden.has(record.ref)) continue;
      if (inside(record.requestFile) || inside(record.outputDir)) mine.set(record.ref, record);
    }
    return mine;
  }

  /** Replaces the records and tells what changed. */
  private apply(next: Map<string, JobRecord>): void {
    const changed: string[] = [];
    for (const [ref, record] of next) if (this.records.get(ref) !== record) changed.push(ref);
    for (const ref of this.records.keys()) if (!next.has(ref)) changed.push(ref);
    this.records = next;
    if (changed.length === 0) return;
    this.changes.fire(changed.length > MANY ? { all: true } : { refs: changed }, this.report);
  }

  private readonly report = (error: unknown): void => {
    this.options.logger.error(`A listener of the CLI's jobs failed: ${String(error)}`);
  };
}

/** The CLI's home folder for the extension: the `ltxJobs.cliHome` setting, else the CLI's own rule. */
export function cliHome(setting: string, env: Record<string, string | undefined> = process.env): string {
  return setting.trim() !== '' ? setting.trim() : homeFromEnv(env);
}
