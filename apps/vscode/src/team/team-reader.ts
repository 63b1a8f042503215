// Entry of dist/team.js (see build.mjs): the team queue's code (BullMQ, ioredis, packages/queue),
// required only when `ltxJobs.queue.url` is set. Activation and the other bundles never load it.
import { existsSync } from 'node:fs';
import {
  type CostEstimate,
  PROVIDERS,
  type RequestFile,
  type RunRecord,
  redactSecrets,
} from '@ltx-jobs/core';
import {
  currentSubmitter,
  type EnqueuedJob,
  enqueueRequest,
  openTeam,
  type QueueProviderStatus,
  queueStatus,
  readTeamJobRows,
  recordRunAttempt,
  redactRedisUrl,
  saveTeamRun,
  type Team,
  teamSpentToday,
} from '@ltx-jobs/queue';
import { QUEUE_URL_SETTING, queueConnection } from './queue-setting.js';
import type { TeamRow } from './team-row.js';
import { teamRowOf } from './team-rows.js';

/** What the reader is opened with: the settings and the stored password. */
export interface TeamReaderConfig {
  /** `ltxJobs.queue.url`. */
  url: string;
  /** From SecretStorage (Set Team Queue Password); undefined when none is stored. */
  password: string | undefined;
  /** `ltxJobs.queue.sharedFolder`: where the workers' folder is mounted here (blank: same path). */
  sharedFolder: string;
  /** Give up connecting after this many ms. */
  connectTimeoutMs: number;
}

/** One provider's queue at a glance (slots in use, waiting, workers). */
export type TeamQueueStatus = QueueProviderStatus;

/** One read of the team queue. */
export interface TeamSnapshot {
  rows: TeamRow[];
  status: TeamQueueStatus[];
}

/** What the extension asks of an open team queue. */
export interface TeamReader {
  /** The queue's URL without its password. */
  readonly shown: string;
  /** Reads the newest jobs and the queues' status (a bounded number of Redis round trips). */
  read(): Promise<TeamSnapshot>;
  /**
   * The last event of every provider's queue (BullMQ's events stream: added, active, progress,
   * completed, failed…), one XREVRANGE each: when it is unchanged, no job was added or moved.
   */
  changeMark(): Promise<string>;
  /** Puts one request in the team queue (DuplicateSubmitError naming the holder for a team-wide duplicate). */
  enqueue(
    file: RequestFile,
    options: {
      baseDir: string;
      requestFile?: string;
      estimate?: CostEstimate | undefined;
      allowDuplicate?: boolean;
      /** The team run it belongs to (see {@link TeamReader.saveRun}) and its planned job's key. */
      runId?: string | undefined;
      runJob?: string | undefined;
      /** The take of a file with `variations` (part of the input hash). */
      variantKey?: string | undefined;
    },
  ): Promise<EnqueuedJob>;
  /**
   * Writes a run of several jobs down in the team queue before its first job is enqueued, as
   * `ltx-jobs submit --queue` does (`ltx-jobs run status|resume --queue … <id>` read it).
   */
  saveRun(run: RunRecord): Promise<void>;
  /** The team's estimated spend today, USD (what `ltxJobs.budget.daily` counts on the team queue). */
  spentToday(): Promise<number>;
  close(): Promise<void>;
}

/**
 * Connects to the team queue (bounded by `connectTimeoutMs`); throws a ConfigError for a bad setting.
 * Every error it or the reader throws has the password taken out of its message (the log and the
 * status bar show them).
 */
export function openTeamReader(config: TeamReaderConfig): Promise<TeamReader> {
  return withoutSecrets(() => openReader(config))();
}

async function openReader(config: TeamReaderConfig): Promise<TeamReader> {
  const connection = queueConnection(config.url, config.password);
  const team: Team = await openTeam(connection.url, {
    setting: QUEUE_URL_SETTING,
    connectTimeoutMs: config.connectTimeoutMs,
  });
  const seen = new Set<string>();
  const exists = (path: string) => {
    // A file once seen stays (files in the shared folder are never removed by the workers).
    if (seen.has(path)) return true;
    const found = existsSync(path);
    if (found) seen.add(path);
    return found;
  };
  const submitter = currentSubmitter();
  const me = `${submitter.user}@${submitter.host}`;
  const options = { queue: team.target.shown, sharedFolder: config.sharedFolder, exists, me };
  const reader: TeamReader = {
    shown: team.target.shown,
    async read() {
      const [jobs, status] = await Promise.all([readTeamJobRows(team), queueStatus(team)]);
      return { rows: jobs.map((job) => teamRowOf(job, options)), status };
    },
    async changeMark() {
      const last = await Promise.all(
        PROVIDERS.map((p) => team.redis.xrevrange(team.queue(p).keys.events ?? '', '+', '-', 'COUNT', 1)),
      );
      return last.map((entries) => entries[0]?.[0] ?? '').join('|');
    },
    async enqueue(file, { runJob, ...options }) {
      const queued = await enqueueRequest(team, file, options);
      if (options.runId !== undefined && runJob !== undefined)
        await recordRunAttempt(team, options.runId, runJob, queued.jobId);
      return queued;
    },
    saveRun: (run) => saveTeamRun(team, run, currentSubmitter()),
    spentToday: () => teamSpentToday(team),
    close: () => team.close(),
  };
  return {
    ...reader,
    read: withoutSecrets(reader.read),
    changeMark: withoutSecrets(reader.changeMark),
    enqueue: withoutSecrets(reader.enqueue),
    saveRun: withoutSecrets(reader.saveRun),
    spentToday: withoutSecrets(reader.spentToday),
  };
}

/**
 * `fn`, whose errors leave with the password (registered with the core's redaction when the URL was
 * parsed) and any `redis://user:password@` replaced; the error itself (its class, a duplicate's
 * fields) stays.
 */
export function withoutSecrets<A extends unknown[], R>(
  fn: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  const clean = (text: string) => redactSecrets(redactRedisUrl(text));
  return async (...args) => {
    try {
      return await fn(...args);
    } catch (error) {
      if (!(error instanceof Error)) throw new Error(clean(String(error)));
      error.message = clean(error.message);
      if (error.stack !== undefined) error.stack = clean(error.stack);
      throw error;
    }
  };
}
