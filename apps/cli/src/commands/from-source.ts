import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type JobRecord, type TakeParent, takeParentOfRecord, UsageError } from '@ltx-jobs/core';
import { readLedger } from '../services.js';
import { pickJob } from './pick-job.js';

/** What `--from <ref|file>` names: the file that goes into the request's media field. */
export interface FromSource {
  /** Absolute path of the source file. */
  path: string;
  /**
   * The job whose result the file is (`--from <ref>`, or a file this ledger downloaded); undefined for
   * another file (the runner then reads the provenance file beside it, if any).
   */
  record?: JobRecord;
}

/**
 * Resolves `--from`: an existing file (relative to the working folder; the result of the job this
 * ledger downloaded it for, if any), else a job of the ledger in `home` named as the other commands
 * name jobs (a ref, `latest`, a name or an id prefix), whose first downloaded artifact it means.
 * @throws UsageError naming what is missing: the job, its download, or the file.
 */
export async function resolveFromSource(from: string, home: string): Promise<FromSource> {
  const { records, location } = await readLedger(home);
  if (!/^(ltx|useapi):/.test(from)) {
    const path = resolve(from);
    if (await isFile(path)) {
      // A file this ledger downloaded is that job's result (the CLI writes no provenance file beside it).
      const record = records.find((r) => r.downloads.some((d) => d.path === path));
      return record === undefined ? { path } : { path, record };
    }
  }
  // A job: its ref, `latest`, its name or an id prefix (as the other commands take them).
  let ref: string;
  let record: JobRecord | undefined;
  try {
    ({ ref, record } = pickJob(from, records, location));
  } catch (error) {
    if (/^(ltx|useapi):/.test(from)) throw error;
    throw new UsageError(
      `--from: file not found: ${resolve(from)}, and no job in the ledger (${location}) is named "${from}" (a job ref, latest, a job name or an id prefix)`,
    );
  }
  if (record === undefined) throw new UsageError(`--from: ${ref} is not in the ledger (${location})`);
  for (const download of record.downloads) {
    if (await isFile(download.path)) return { path: download.path, record };
  }
  throw new UsageError(
    `--from: ${ref} has no artifact on disk; download it first with: ltx-jobs download ${ref}`,
  );
}

/** The take parent a job submitted with `--from` gets (undefined: found by the runner from the file). */
export function fromParent(source: FromSource | undefined, field: string): TakeParent | undefined {
  return source?.record === undefined ? undefined : takeParentOfRecord(source.record, source.path, field);
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}
