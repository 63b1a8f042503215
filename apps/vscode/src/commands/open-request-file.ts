import { UsageError } from '@ltx-jobs/core';
import * as vscode from 'vscode';
import type { Services } from '../services/services.js';
import { UriArgSchema } from './args.js';
import { jobTarget } from './job-arg.js';

/** ltxJobs.openRequestFile <job>: opens the request file the job was submitted from. */
export async function openRequestFile(services: Services, arg: unknown): Promise<void> {
  const { record } = jobTarget(services, arg);
  if (record.requestFile === undefined)
    throw new UsageError(`Job ${record.ref} was tracked by id; it has no request file`);
  await vscode.window.showTextDocument(UriArgSchema.parse(record.requestFile));
}
