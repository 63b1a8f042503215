import { stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { Deps } from '../deps.js';
import { type DownloadTransport, downloadArtifact } from '../download/download.js';
import { safeArtifactFileName, sanitizeFileName } from '../download/file-name.js';
import { isHttpError } from '../errors/http-error.js';
import { UsageError } from '../errors/usage-error.js';
import type { Artifact, Job } from '../job.js';
import { jobRefOf } from '../job-ref.js';
import type { Ledger } from '../ledger/ledger.js';
import type { DownloadRecord, JobRecord } from '../ledger/types.js';
import type { ProviderClient } from '../provider.js';
import type { DownloadOptions } from './types.js';

/** How a runner downloads artifacts (`createJobRunner({ downloads })`). */
export interface ArtifactDownloadSettings {
  /**
   * Cap for an artifact whose size the host does not declare, in bytes. Default 4 GiB
   * (`DEFAULT_MAX_UNSIZED_BYTES`). CLI: `LTX_JOBS_MAX_UNSIZED_DOWNLOAD`; VS Code:
   * `ltxJobs.download.maxUnsizedSize`.
   */
  maxUnsizedBytes?: number | undefined;
  /** Default `auto`: a direct socket, fetch when the host cannot be reached directly. */
  transport?: DownloadTransport | undefined;
}

/** What downloading a record's artifacts needs from the runner. */
export interface ArtifactDownloadContext {
  client: ProviderClient;
  ledger: Ledger;
  deps: Deps;
  /** Called with the new record after each artifact is recorded (and after a URL refresh). */
  changed: (record: JobRecord) => void;
  settings?: ArtifactDownloadSettings | undefined;
}

/**
 * Downloads every artifact of a succeeded job that is not complete on disk yet (a recorded file that
 * is gone or has another size is fetched again), each recorded in the ledger as it completes.
 * A 403/404 from the artifact host (an expired signed URL) triggers one fresh status read; when it
 * brings a new URL for the same label, the download is tried once more. Returns the record of every
 * artifact of the job, newly downloaded or already there.
 */
export async function downloadRecordArtifacts(
  context: ArtifactDownloadContext,
  record: JobRecord,
  options: DownloadOptions,
): Promise<DownloadRecord[]> {
  const job = record.job?.state === 'succeeded' ? record.job : undefined;
  if (!job) {
    const state = record.job?.state ?? 'not read yet';
    throw new UsageError(`Job ${record.ref} is ${state}; only a succeeded job has artifacts`);
  }
  const dir = options.outputDir ?? record.outputDir;
  if (!dir) throw new UsageError(`Job ${record.ref} has no output folder; pass one`);
  const used = new Set<string>();
  const results: DownloadRecord[] = [];
  let current = record;
  for (const artifact of job.artifacts) {
    const existing = current.downloads.find((d) => d.label === artifact.label);
    if (
      existing &&
      (await sizeOf(existing.path)) === existing.bytes &&
      (!options.outputDir || inDir(existing, dir))
    ) {
      used.add(basename(existing.path));
      results.push(existing);
      continue;
    }
    let name = safeArtifactFileName(job, artifact, record.name);
    if (used.has(name)) name = sanitizeFileName(`${artifact.label}-${name}`);
    used.add(name);
    const file = await fetchWithRefresh(context, current, artifact, dir, name, options);
    const download: DownloadRecord = {
      label: artifact.label,
      path: file.path,
      bytes: file.bytes,
      completedAt: new Date(context.deps.now()).toISOString(),
    };
    current = await context.ledger.update(record.ref, (r) => ({
      ...r,
      downloads: [...r.downloads.filter((d) => d.label !== artifact.label), download],
    }));
    context.changed(current);
    results.push(download);
  }
  return results;
}

async function fetchWithRefresh(
  context: ArtifactDownloadContext,
  record: JobRecord,
  artifact: Artifact,
  dir: string,
  fileName: string,
  options: DownloadOptions,
) {
  const attempt = (url: string) =>
    downloadArtifact({
      url,
      dir,
      fileName,
      deps: context.deps,
      signal: options.signal,
      deadline: options.deadline,
      maxUnsizedBytes: context.settings?.maxUnsizedBytes,
      transport: context.settings?.transport,
      onProgress: (receivedBytes, totalBytes) =>
        options.onProgress?.({
          label: artifact.label,
          receivedBytes,
          ...(totalBytes === undefined ? {} : { totalBytes }),
        }),
    });
  try {
    return await attempt(artifact.url);
  } catch (error) {
    if (
      !isHttpError(error) ||
      error.provider !== 'artifact-host' ||
      ![403, 404, 410].includes(error.status)
    ) {
      throw error;
    }
    const fresh = await refreshedArtifact(context, record, artifact, untilDeadline(options, context.deps));
    if (!fresh) throw error;
    context.deps.logger.info('Artifact URL had expired; retrying with a fresh one', { ref: record.ref });
    return attempt(fresh.url);
  }
}

/** Reads the job again; returns the artifact with the same label when its URL changed. */
async function refreshedArtifact(
  context: ArtifactDownloadContext,
  record: JobRecord,
  artifact: Artifact,
  signal: AbortSignal | undefined,
): Promise<Artifact | undefined> {
  let job: Job;
  try {
    job = (await context.client.status(jobRefOf(record), signal ? { signal } : {})).job;
  } catch {
    return undefined;
  }
  const fresh = job.artifacts.find((a) => a.label === artifact.label);
  if (!fresh || fresh.url === artifact.url) return undefined;
  const updated = await context.ledger.update(record.ref, (r) => ({ ...r, job }));
  context.changed(updated);
  return fresh;
}

/** The caller's signal, also aborted when the deadline passes (for the status read of a URL refresh). */
function untilDeadline(options: DownloadOptions, deps: Deps): AbortSignal | undefined {
  if (options.deadline === undefined) return options.signal;
  const timeout = AbortSignal.timeout(Math.max(0, options.deadline - deps.now()));
  return options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
}

async function sizeOf(path: string): Promise<number> {
  return stat(path).then(
    (s) => s.size,
    () => -1,
  );
}

function inDir(download: DownloadRecord, dir: string): boolean {
  return dirname(download.path) === resolve(dir);
}
