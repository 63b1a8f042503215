import { dirname } from 'node:path';
import { type JobRecord, ProviderNameSchema } from '@ltx-jobs/core';
import { submitRequest, submitRequestFile } from '../features/submit-request.js';
import type { Services } from '../services/services.js';
import { fileExists } from '../services/workspace-files.js';
import { UriArgSchema } from './args.js';
import { jobTarget } from './job-arg.js';

/**
 * ltxJobs.resubmit <job>: submits the job's request file again (as it is now), or the recorded body
 * when the file is gone. An identical input asks before billing again.
 */
export async function resubmit(services: Services, arg: unknown): Promise<void> {
  const { record } = jobTarget(services, arg);
  const uri = record.requestFile === undefined ? undefined : UriArgSchema.parse(record.requestFile);
  if (uri !== undefined && (await fileExists(uri))) {
    await submitRequestFile(services, uri);
    return;
  }
  await submitRequest(services, requestOf(record), {
    baseDir: record.outputDir ?? (uri !== undefined ? dirname(uri.fsPath) : process.cwd()),
    ...(record.requestFile !== undefined ? { requestFile: record.requestFile } : {}),
    ...(record.outputDir !== undefined ? { outputDir: record.outputDir } : {}),
  });
}

function requestOf(record: JobRecord) {
  const request = record.request;
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    throw new Error(`Job ${record.ref} has no recorded request to submit again`);
  }
  return {
    provider: ProviderNameSchema.parse(record.provider),
    endpoint: record.endpoint,
    request: request as Record<string, unknown>,
    ...(record.name !== undefined ? { name: record.name } : {}),
  };
}
