import { randomBytes } from 'node:crypto';
import { rename, unlink, writeFile } from 'node:fs/promises';
import type { CostEstimate } from '../cost/types.js';
import { redactUrl } from '../http/base-url.js';
import type { DownloadRecord, JobRecord } from '../ledger/types.js';
import { fullChain, type TakeLink, type TakeParent } from '../takes/take-link.js';

/** Suffix of the provenance file written beside an artifact: `<artifact file>.ltx-job.json`. */
export const PROVENANCE_SUFFIX = '.ltx-job.json';

/** What `<artifact>.ltx-job.json` holds: where the file came from. Never a key or a signed query. */
export interface Provenance {
  /** Format marker, `ltx-jobs/provenance@1`. */
  format: 'ltx-jobs/provenance@1';
  provider: JobRecord['provider'];
  endpoint: string;
  /** The provider's job id. */
  jobId: string;
  /** `ltx:<endpoint>/<id>` or `useapi:<jobId>`. */
  ref: string;
  name?: string;
  /** Path or URI of the request file, when the job was submitted from one. */
  requestFile?: string;
  /** The body as the ledger keeps it (sanitised; uploaded media already replaced by references). */
  request: unknown;
  artifact: {
    label: string;
    /** Absolute path of the file this describes. */
    path: string;
    bytes: number;
    mimeType?: string;
    /** Origin + path of the signed URL (the signature is dropped). */
    source?: string;
  };
  /** The cost estimate made before submitting (an estimate, never a bill), when one was made. */
  estimate?: CostEstimate;
  /** ISO-8601 timestamps. */
  timings: { submitted: string; created?: string; completed?: string; downloaded: string };
  /** When the job is a take: the file it was made from (uploaded as `field`) and that file's job. */
  takeOf?: TakeParent;
  /** When the job is a take: every source above it, root first, ending with `takeOf`. */
  chain?: TakeLink[];
}

/** Builds the provenance of one downloaded artifact of `record`. */
export function provenanceOf(record: JobRecord, download: DownloadRecord): Provenance {
  const artifact = record.job?.artifacts.find((a) => a.label === download.label);
  const result: Provenance = {
    format: 'ltx-jobs/provenance@1',
    provider: record.provider,
    endpoint: record.endpoint,
    jobId: record.id,
    ref: record.ref,
    request: record.request,
    artifact: { label: download.label, path: download.path, bytes: download.bytes },
    timings: { submitted: record.submittedAt, downloaded: download.completedAt },
  };
  if (record.name !== undefined) result.name = record.name;
  if (record.requestFile !== undefined) result.requestFile = record.requestFile;
  if (record.estimate !== undefined) result.estimate = record.estimate;
  if (artifact?.mimeType !== undefined) result.artifact.mimeType = artifact.mimeType;
  if (artifact?.url !== undefined) result.artifact.source = redactUrl(artifact.url);
  if (record.job?.createdAt !== undefined) result.timings.created = record.job.createdAt;
  if (record.job?.completedAt !== undefined) result.timings.completed = record.job.completedAt;
  if (record.parent !== undefined) {
    result.takeOf = record.parent;
    result.chain = fullChain(record.parent);
  }
  return result;
}

/**
 * Writes `<download.path>.ltx-job.json` atomically (temp file, then rename) and returns its path.
 * @throws the file system's error when the folder is not writable.
 */
export async function writeProvenance(record: JobRecord, download: DownloadRecord): Promise<string> {
  const target = `${download.path}${PROVENANCE_SUFFIX}`;
  const temp = `${target}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, `${JSON.stringify(provenanceOf(record, download), null, 2)}\n`, {
      encoding: 'utf8',
      flag: 'wx',
    });
    await rename(temp, target);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  return target;
}
