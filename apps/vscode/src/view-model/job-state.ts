import type { Artifact, JobRecord, JobState } from '@ltx-jobs/core';
import { formatDuration, isTerminal, shortJobId } from '@ltx-jobs/core';
import { parseTime } from './format.js';

/** A codicon id plus an optional theme colour id, e.g. `pass-filled` + `testing.iconPassed`. */
export interface IconView {
  id: string;
  color?: string;
}

const STATE_ICONS: Record<JobState, IconView> = {
  queued: { id: 'sync~spin' },
  running: { id: 'sync~spin' },
  unknown: { id: 'sync~spin' },
  succeeded: { id: 'pass-filled', color: 'testing.iconPassed' },
  failed: { id: 'error', color: 'errorForeground' },
  // Grey: the user stopped it; not an error.
  cancelled: { id: 'circle-slash', color: 'disabledForeground' },
  expired: { id: 'watch', color: 'list.warningForeground' },
};

/** The state a record is in: `queued` until the first status read. */
export function stateOf(record: JobRecord): JobState {
  return record.job?.state ?? 'queued';
}

/** The `model` field of the request body, when it has one. */
export function modelOf(record: JobRecord): string | undefined {
  const request = record.request;
  if (typeof request !== 'object' || request === null) return undefined;
  const model = (request as Record<string, unknown>).model;
  return typeof model === 'string' ? model : undefined;
}

/**
 * The name users know the job by: the request file's `name`, else (a tracked job) its endpoint and
 * short id, e.g. `text-to-video 6f1c1c8e` (the full ref is in the tooltip).
 */
export function displayName(record: JobRecord): string {
  return record.name ?? `${record.endpoint} ${shortJobId(record.id)}`;
}

/** True when the runner still polls the job. */
export function isActive(record: JobRecord): boolean {
  return record.watching && !isTerminal(stateOf(record));
}

/** True for a job that is not terminal and that nobody polls (the user stopped watching it). */
export function isPaused(record: JobRecord): boolean {
  return !record.watching && !isTerminal(stateOf(record));
}

/** The artifacts of the job that are not on disk yet. */
export function pendingArtifacts(record: JobRecord): Artifact[] {
  const done = new Set(record.downloads.map((d) => d.label));
  return (record.job?.artifacts ?? []).filter((a) => !done.has(a.label));
}

/**
 * Succeeded jobs whose artifacts are not all on disk and whose URLs have not expired: what
 * auto-download finishes when a window opens (a reload or a closed window cut it short).
 */
export function downloadsToResume(records: readonly JobRecord[], now: number): JobRecord[] {
  return records.filter((record) => {
    const at = expiresAtMs(record);
    return (
      record.job?.state === 'succeeded' &&
      (at === undefined || at > now) &&
      pendingArtifacts(record).length > 0
    );
  });
}

/** When the job ended, epoch ms: the provider's completedAt, else the read that saw the end. */
export function endedAtMs(record: JobRecord): number | undefined {
  if (!isTerminal(stateOf(record))) return undefined;
  return parseTime(record.job?.completedAt) ?? parseTime(record.job?.updatedAt);
}

/**
 * Elapsed milliseconds: from submit (or the provider's createdAt) to `now` while the job runs. Once it
 * ended: to the provider's completedAt, else to the read that saw the end (useapi gives no end time),
 * so a finished job's time stands still.
 */
export function elapsedMs(record: JobRecord, now: number): number | undefined {
  const start = parseTime(record.job?.createdAt) ?? parseTime(record.submittedAt);
  if (start === undefined) return undefined;
  const end = isTerminal(stateOf(record)) ? (endedAtMs(record) ?? now) : now;
  return Math.max(0, end - start);
}

/** The earliest `expiresAt` among the job's artifacts, in epoch ms. */
export function expiresAtMs(record: JobRecord): number | undefined {
  const times = (record.job?.artifacts ?? [])
    .map((a) => parseTime(a.expiresAt))
    .filter((t): t is number => t !== undefined);
  return times.length > 0 ? Math.min(...times) : undefined;
}

/**
 * `expires in 23h 05m` or `URLs expired` while an artifact is not downloaded yet; undefined once
 * everything is on disk (the countdown no longer matters) or when the provider gave no expiry.
 */
export function expiryText(record: JobRecord, now: number): string | undefined {
  if (stateOf(record) !== 'succeeded' || pendingArtifacts(record).length === 0) return undefined;
  const at = expiresAtMs(record);
  if (at === undefined) return undefined;
  return at > now ? `expires in ${formatDuration(at - now)}` : 'URLs expired';
}

/** The state in words, e.g. `running 40%`, `not watched (running)`. */
export function stateLabel(record: JobRecord): string {
  const state = stateOf(record);
  const progress = record.job?.progress;
  const base = state === 'running' && progress !== undefined ? `running ${Math.round(progress)}%` : state;
  if (isPaused(record)) return `not watched (${base})`;
  return base;
}

/** The icon of a job: a spinner while watched, a coloured mark once it ended, a pause when not watched. */
export function iconOf(record: JobRecord): IconView {
  if (isPaused(record)) return { id: 'debug-pause' };
  return STATE_ICONS[stateOf(record)];
}
