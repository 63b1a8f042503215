import { basename } from 'node:path';
import type { JobRef } from '../job-ref.js';
import { formatJobRef, jobRefOf } from '../job-ref.js';
import type { JobRecord } from '../ledger/types.js';
import type { SubmitResult } from '../provider.js';
import type { RequestFile } from '../request-file/types.js';
import type { SubmitOptions } from './types.js';

/**
 * The ledger record of a job the provider just accepted: `body` is the request as sent (media
 * resolved), `inputHash` the hash of the request as written. Without a status in the submit answer
 * the job starts as `queued`. `now` is epoch ms.
 */
export function submittedRecord(
  file: RequestFile,
  options: SubmitOptions,
  result: SubmitResult,
  body: Record<string, unknown>,
  inputHash: string,
  now: number,
): JobRecord {
  const { provider, endpoint } = file;
  const at = new Date(now).toISOString();
  const name =
    file.name ??
    (options.requestFile ? basename(options.requestFile).replace(/\.ltx\.json$/i, '') : undefined);
  return {
    ref: formatJobRef(jobRefOf({ provider, endpoint, id: result.id })),
    provider,
    endpoint,
    id: result.id,
    ...(name === undefined ? {} : { name }),
    ...(options.requestFile === undefined ? {} : { requestFile: options.requestFile }),
    request: body,
    inputHash,
    ...(options.outputDir === undefined ? {} : { outputDir: options.outputDir }),
    submittedAt: at,
    job: result.job ?? {
      provider,
      endpoint,
      id: result.id,
      state: 'queued',
      artifacts: [],
      ...(result.createdAt === undefined ? {} : { createdAt: result.createdAt }),
      updatedAt: at,
      raw: result.raw,
    },
    downloads: [],
    watching: true,
    ...(options.estimate === undefined ? {} : { estimate: options.estimate }),
    ...(options.parent === undefined ? {} : { parent: options.parent }),
    ...(options.run === undefined ? {} : runFields(options.run)),
  };
}

/** The record fields of a run's job (see SubmitOptions.run). */
function runFields(run: NonNullable<SubmitOptions['run']>): Partial<JobRecord> {
  return {
    runId: run.runId,
    runJob: run.job,
    ...(run.variantKey === undefined ? {} : { variantKey: run.variantKey }),
    attempt: run.attempt ?? 1,
  };
}

/**
 * The record of a job known only by its ref (`track`): no request, an input hash (`tracked:<ref>`)
 * that never matches a submission, endpoint `unknown` for a useapi ref without one.
 */
export function trackedRecord(
  ref: JobRef,
  options: { name?: string; outputDir?: string },
  now: number,
): JobRecord {
  const key = formatJobRef(ref);
  return {
    ref: key,
    provider: ref.provider,
    endpoint: ref.endpoint ?? 'unknown',
    id: ref.id,
    ...(options.name === undefined ? {} : { name: options.name }),
    request: null,
    inputHash: `tracked:${key}`,
    ...(options.outputDir === undefined ? {} : { outputDir: options.outputDir }),
    submittedAt: new Date(now).toISOString(),
    downloads: [],
    watching: true,
  };
}
