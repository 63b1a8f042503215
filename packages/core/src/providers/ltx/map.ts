import type { Artifact, Job, JobState } from '../../job.js';
import { refuseUnsafeResultUrls } from '../result-url.js';
import type { LtxJobStatus } from './wire.js';

/** Message of a job that says `completed` before its result URLs are there (not terminal). */
export const LTX_WAITING_FOR_RESULT = 'completed; waiting for the result URL';

/** How long LTX keeps a finished job and its output URLs: 24 h, in milliseconds. */
export const LTX_RETENTION_MS = 24 * 60 * 60 * 1000;

/** Content types implied by LTX result keys. */
export const LTX_RESULT_MIME_TYPES: Readonly<Record<string, string>> = {
  video_url: 'video/mp4',
  exr_frames_url: 'application/zip',
};

const STATES: Readonly<Record<string, JobState>> = {
  pending: 'queued',
  processing: 'running',
  completed: 'succeeded',
  failed: 'failed',
};

function plusRetention(iso: string | undefined): string | undefined {
  if (iso === undefined) return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : new Date(ms + LTX_RETENTION_MS).toISOString();
}

/** One artifact per `result` entry; `expiresAt` is `completed_at` + 24 h. */
export function ltxArtifacts(result: Record<string, string>, completedAt: string | undefined): Artifact[] {
  const expiresAt = plusRetention(completedAt);
  return Object.entries(result).map(([label, url]) => {
    const mimeType = LTX_RESULT_MIME_TYPES[label];
    return {
      label,
      url,
      ...(mimeType !== undefined && { mimeType }),
      ...(expiresAt !== undefined && { expiresAt }),
    };
  });
}

/**
 * Maps an LTX job status to the neutral {@link Job}: pending -> queued, processing -> running,
 * completed -> succeeded (artifacts from `result`; without any result URL yet -> running, polled on
 * like useapi's completed-without-artifact), failed -> failed (with `error`), anything else ->
 * unknown (not terminal; `wireStatus` keeps the string). A result URL that is not https (or http on
 * loopback) makes the job failed with `invalid_result_url` (see `refuseUnsafeResultUrls`).
 * @param nowMs epoch milliseconds of this read, for `updatedAt`.
 */
export function mapLtxJob(wire: LtxJobStatus, context: { endpoint: string; nowMs: number }): Job {
  const result = wire.status === 'completed' && 'result' in wire ? wire.result : undefined;
  const waiting = wire.status === 'completed' && Object.keys(result ?? {}).length === 0;
  const state = waiting ? 'running' : (STATES[wire.status] ?? 'unknown');
  const job: Job = {
    provider: 'ltx',
    endpoint: context.endpoint,
    id: wire.id,
    state,
    artifacts: [],
    updatedAt: new Date(context.nowMs).toISOString(),
    wireStatus: wire.status,
    raw: wire,
  };
  if (wire.created_at !== undefined) job.createdAt = wire.created_at;
  const completedAt =
    'completed_at' in wire && typeof wire.completed_at === 'string' ? wire.completed_at : undefined;
  if (completedAt !== undefined && state !== 'unknown' && !waiting) job.completedAt = completedAt;
  if (waiting) {
    job.message = LTX_WAITING_FOR_RESULT;
  } else if (result !== undefined) {
    job.artifacts = ltxArtifacts(result as Record<string, string>, completedAt);
  } else if (wire.status === 'failed') {
    const error = 'error' in wire ? (wire.error as { type: string; message: string } | undefined) : undefined;
    job.error = { type: error?.type ?? 'job_failed', message: error?.message || 'The job failed' };
    job.message = job.error.message;
  } else if (state === 'unknown') {
    job.message = `unrecognised LTX status "${wire.status}"; still polling`;
  }
  return refuseUnsafeResultUrls(job, 'LTX');
}
