import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  formatJobRef,
  type JobRecord,
  parseJobRef,
  type TakeParent,
  takeParentOfRecord,
  UsageError,
} from '@ltx-jobs/core';
import { readLedger } from '../services.js';

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
 * Resolves `--from`: a job ref (`ltx:<endpoint>/<id>`, `useapi:<jobId>`) names the first downloaded
 * artifact of that job in the ledger of `home`; anything else is a file path (relative to the working
 * folder) that must exist, and is that job's result when the ledger downloaded it.
 * @throws UsageError naming what is missing: the job, its download, or the file.
 */
export async function resolveFromSource(from: string, home: string): Promise<FromSource> {
  if (/^(ltx|useapi):/.test(from)) {
    const ref = formatJobRef(parseJobRef(from));
    const { records, location } = await readLedger(home);
    const record = records.find((r) => r.ref === ref);
    if (record === undefined) throw new UsageError(`--from: ${ref} is not in the ledger (${location})`);
    for (const download of record.downloads) {
      if (await isFile(download.path)) return { path: download.path, record };
    }
    throw new UsageError(
      `--from: ${ref} has no artifact on disk; download it first with: ltx-jobs watch ${ref}`,
    );
  }
  const path = resolve(from);
  if (!(await isFile(path))) throw new UsageError(`--from: file not found: ${path}`);
  // A file this ledger downloaded is that job's result (the CLI writes no provenance file beside it).
  const { records } = await readLedger(home);
  const record = records.find((r) => r.downloads.some((d) => d.path === path));
  return record === undefined ? { path } : { path, record };
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
