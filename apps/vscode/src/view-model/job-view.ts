import type { Artifact, JobRecord, JobState } from '@ltx-jobs/core';
import { explainEstimate, isTerminal, shortJobId, USEAPI_DEPRECATION_NOTICE } from '@ltx-jobs/core';
import { baseName, formatBytes, formatDuration, parseTime } from './format.js';

/** A codicon id plus an optional theme colour id, e.g. `pass-filled` + `testing.iconPassed`. */
export interface IconView {
  id: string;
  color?: string;
}

/** Everything the tree shows for one job; built by {@link jobView}. */
export interface JobView {
  label: string;
  description: string;
  /** Markdown. */
  tooltip: string;
  icon: IconView;
  /** Space-separated tokens for `viewItem =~ /\btoken\b/` menus. */
  contextValue: string;
  /**
   * How often the node's text changes with the clock, in seconds: 1 while it runs (elapsed time),
   * 30 while a countdown to URL expiry shows, undefined when it is static.
   */
  refreshSeconds: number | undefined;
}

/** What the tree shows for one artifact of a job; built by {@link artifactViews}. */
export interface ArtifactView {
  /** The artifact's label (`video_url`, ...), the child's stable key. */
  key: string;
  label: string;
  description: string;
  tooltip: string;
  icon: IconView;
  contextValue: string;
  /** Absolute path when downloaded. */
  path?: string;
  url: string;
}

const STATE_ICONS: Record<JobState, IconView> = {
  queued: { id: 'sync~spin' },
  running: { id: 'sync~spin' },
  unknown: { id: 'sync~spin' },
  succeeded: { id: 'pass-filled', color: 'testing.iconPassed' },
  failed: { id: 'error', color: 'errorForeground' },
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

/** The artifacts of the job that are not on disk yet. */
export function pendingArtifacts(record: JobRecord): Artifact[] {
  const done = new Set(record.downloads.map((d) => d.label));
  return (record.job?.artifacts ?? []).filter((a) => !done.has(a.label));
}

/**
 * Elapsed milliseconds: from submit (or the provider's createdAt) to `now` while the job runs. Once it
 * ended: to the provider's completedAt, else to the read that saw the end (useapi gives no end time),
 * so a finished job's time stands still.
 */
export function elapsedMs(record: JobRecord, now: number): number | undefined {
  const start = parseTime(record.job?.createdAt) ?? parseTime(record.submittedAt);
  if (start === undefined) return undefined;
  const job = record.job;
  const end = isTerminal(stateOf(record))
    ? (parseTime(job?.completedAt) ?? parseTime(job?.updatedAt) ?? now)
    : now;
  return Math.max(0, end - start);
}

/** The earliest `expiresAt` among the job's artifacts, in epoch ms. */
export function expiresAtMs(record: JobRecord): number | undefined {
  const times = (record.job?.artifacts ?? [])
    .map((a) => parseTime(a.expiresAt))
    .filter((t): t is number => t !== undefined);
  return times.length > 0 ? Math.min(...times) : undefined;
}

/** `expires in 23h 05m`, `URLs expired`, or undefined when the provider gave no expiry. */
export function expiryText(record: JobRecord, now: number): string | undefined {
  const at = expiresAtMs(record);
  if (at === undefined) return undefined;
  return at > now ? `expires in ${formatDuration(at - now)}` : 'URLs expired';
}

/** Context tokens of a job node; menus match them with `viewItem =~ /\btoken\b/`. */
export function jobContextTokens(record: JobRecord, now: number): string[] {
  const state = stateOf(record);
  const tokens = ['job', state];
  if (isActive(record)) tokens.push('watching');
  if (!isTerminal(state) && record.provider === 'useapi') tokens.push('cancellable');
  const artifacts = record.job?.artifacts ?? [];
  const at = expiresAtMs(record);
  const urlsLive = at === undefined || at > now;
  if (state === 'succeeded' && pendingArtifacts(record).length > 0 && urlsLive) tokens.push('downloadable');
  if (record.downloads.length > 0) tokens.push('downloaded');
  if (artifacts.length > 0) tokens.push('hasResult');
  if (record.requestFile !== undefined) tokens.push('hasRequestFile');
  if (record.request !== undefined && record.request !== null) tokens.push('resubmittable');
  if (state === 'succeeded' && artifacts.some((a) => isVideoArtifact(a))) tokens.push('hasVideo');
  return tokens;
}

/** What the window knows beyond the record. */
export interface JobViewContext {
  /** Why this window stopped polling a live job (e.g. no API key); the user can Refresh. */
  watchError?: string;
}

/** Maps a record (and the clock) to what the tree shows for it. */
export function jobView(record: JobRecord, now: number, context: JobViewContext = {}): JobView {
  const state = stateOf(record);
  const stalled = context.watchError !== undefined && isActive(record);
  const job = record.job;
  const model = modelOf(record);
  const elapsed = elapsedMs(record, now);
  const expiry = state === 'succeeded' ? expiryText(record, now) : undefined;
  // What changes comes first: a narrow sidebar cuts the description from the right.
  const parts: string[] = [];
  if (stalled) {
    parts.push('not polled');
  } else if (!isTerminal(state)) {
    parts.push(job?.progress !== undefined ? `${Math.round(job.progress)}%` : stateLabel(record));
  } else if (state !== 'succeeded') {
    parts.push(state);
  }
  if (elapsed !== undefined) parts.push(formatDuration(elapsed));
  if (expiry !== undefined) parts.push(expiry);
  parts.push(record.endpoint);
  if (model !== undefined) parts.push(model);

  const lines = [
    `**${escapeMarkdown(displayName(record))}** — ${stateLabel(record)}`,
    '',
    `- Provider: ${record.provider}`,
    `- Endpoint: ${record.endpoint}${model !== undefined ? ` (model ${model})` : ''}`,
    `- Job: \`${record.ref}\``,
    `- Submitted: ${record.submittedAt}`,
  ];
  if (job?.completedAt !== undefined) lines.push(`- Completed: ${job.completedAt}`);
  if (job?.message !== undefined) lines.push(`- Status: ${escapeMarkdown(job.message)}`);
  if (job?.error !== undefined) {
    lines.push(`- Error: \`${job.error.type}\` ${escapeMarkdown(job.error.message)}`);
  }
  if (expiry !== undefined) lines.push(`- Result URLs: ${expiry}`);
  if (elapsed !== undefined) {
    lines.push(`- ${isTerminal(state) ? 'Took' : 'Running for'}: ${formatDuration(elapsed)}`);
  }
  if (record.requestFile !== undefined) lines.push(`- Request file: ${baseName(record.requestFile)}`);
  if (record.estimate !== undefined)
    lines.push(`- Estimated cost: ${escapeMarkdown(explainEstimate(record.estimate))}`);
  if (stalled)
    lines.push('', `Not polled: ${escapeMarkdown(context.watchError ?? '')} (run Refresh to retry)`);
  if (record.provider === 'useapi') lines.push('', `⚠ ${USEAPI_DEPRECATION_NOTICE}`);

  return {
    label: displayName(record),
    description: parts.join(' · '),
    tooltip: lines.join('\n'),
    icon: stalled ? { id: 'warning', color: 'list.warningForeground' } : iconOf(record),
    contextValue: jobContextTokens(record, now).join(' '),
    refreshSeconds: isActive(record) ? 1 : expiry !== undefined ? 30 : undefined,
  };
}

/** The state in words, e.g. `running 40%`, `stopped watching (running)`. */
export function stateLabel(record: JobRecord): string {
  const state = stateOf(record);
  const progress = record.job?.progress;
  const base = state === 'running' && progress !== undefined ? `running ${Math.round(progress)}%` : state;
  if (!isTerminal(state) && !record.watching) return `not watched (${base})`;
  return base;
}

/** The icon of a job: a spinner while watched, a coloured mark once it ended. */
export function iconOf(record: JobRecord): IconView {
  const state = stateOf(record);
  if (!isTerminal(state) && !record.watching) return { id: 'debug-pause' };
  return STATE_ICONS[state];
}

/** One child view per artifact of the job, downloaded or not. */
export function artifactViews(record: JobRecord, now: number): ArtifactView[] {
  const artifacts = record.job?.artifacts ?? [];
  return artifacts.map((artifact) => {
    const download = record.downloads.find((d) => d.label === artifact.label);
    const expiresAt = parseTime(artifact.expiresAt);
    const expired = expiresAt !== undefined && expiresAt <= now;
    const remote = expiresAt === undefined ? 'not downloaded' : expired ? 'URL expired' : 'not downloaded';
    const tokens = ['artifact', download !== undefined ? 'downloaded' : 'remote'];
    if (!expired) tokens.push('hasUrl');
    if (download === undefined && !expired) tokens.push('downloadable');
    if (isVideoArtifact(artifact, download?.path)) tokens.push('video');
    const view: ArtifactView = {
      key: artifact.label,
      label: download !== undefined ? baseName(download.path) : artifact.label,
      description:
        download !== undefined
          ? `${artifact.label} · ${formatBytes(download.bytes)}`
          : `${remote}${expiresAt !== undefined && !expired ? ` · expires in ${formatDuration(expiresAt - now)}` : ''}`,
      tooltip: [
        `**${artifact.label}**${artifact.mimeType !== undefined ? ` (${artifact.mimeType})` : ''}`,
        '',
        download !== undefined ? `Saved to ${download.path}` : 'Not downloaded yet',
        artifact.expiresAt !== undefined ? `URL expires ${artifact.expiresAt}` : '',
      ]
        .filter((l, i) => l !== '' || i === 1)
        .join('\n'),
      icon: download !== undefined ? { id: 'file-media' } : { id: expired ? 'cloud' : 'cloud-download' },
      contextValue: tokens.join(' '),
      url: artifact.url,
    };
    if (download !== undefined) view.path = download.path;
    return view;
  });
}

/** True for a video result (what Extend, Retake, Make HDR and Reframe start from). */
export function isVideoArtifact(artifact: Artifact, path?: string): boolean {
  if (path !== undefined) return /\.(mp4|mov|mkv)$/i.test(path);
  return artifact.mimeType?.startsWith('video/') ?? /video/i.test(artifact.label);
}

/** The error child of a failed job: the provider's error type and message. */
export function errorView(
  record: JobRecord,
): { label: string; description: string; tooltip: string } | undefined {
  const error = record.job?.error;
  if (error === undefined) return undefined;
  return { label: error.type, description: error.message, tooltip: `${error.type}: ${error.message}` };
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>]/g, (c) => `\\${c}`);
}
