import { dirname } from 'node:path';
import { type JobRecord, ProviderNameSchema, UsageError } from '@ltx-jobs/core';
import * as vscode from 'vscode';
import { confirmBilled } from '../features/confirm-billed.js';
import { loadRequestFile, submitRequest } from '../features/submit-request.js';
import { requireTrust } from '../features/trust.js';
import type { Services } from '../services/services.js';
import { fileExists } from '../services/workspace-files.js';
import { isTeamQueueSet, submitToTeam } from '../team/team-submit.js';
import { displayName } from '../view-model/job-view.js';
import { UriArgSchema } from './args.js';
import { CancelledError } from './command-error.js';
import { jobTarget } from './job-arg.js';

/**
 * ltxJobs.resubmit <job>: submits the job's request file again (as it is now), or the recorded body
 * when the file is gone, after one confirmation whose default button is "Open Request File" (or
 * "Show Job"), never the billed "Resubmit".
 */
export async function resubmit(services: Services, arg: unknown): Promise<void> {
  requireTrust('submit request files');
  const { record } = jobTarget(services, arg);
  const uri = record.requestFile === undefined ? undefined : UriArgSchema.parse(record.requestFile);
  const fromFile = uri !== undefined && (await fileExists(uri));
  const answer = await confirmBilled(
    `Resubmit "${displayName(record)}"?`,
    fromFile
      ? 'The request file is submitted again as it is now. This starts and bills a new job.'
      : 'The request file is gone; the request recorded with the job is submitted again. This starts and bills a new job.',
    fromFile ? 'Open Request File' : 'Show Job',
    'Resubmit',
  );
  if (answer === 'safe') {
    await (fromFile ? vscode.window.showTextDocument(uri) : services.revealJob(record.ref));
    return;
  }
  if (answer !== 'billed') throw new CancelledError();
  if (isTeamQueueSet()) {
    // With ltxJobs.queue.url set, the team's workers run it (issue 14): from its request file.
    if (!fromFile) {
      throw new UsageError(
        `The request file of "${displayName(record)}" is gone, and the team queue takes request files: restore it, or clear ltxJobs.queue.url to resubmit the recorded request from this machine`,
      );
    }
    await submitToTeam(services, [uri], false, { allowDuplicate: true });
    return;
  }
  if (fromFile) {
    const loaded = await loadRequestFile(services, uri);
    await submitRequest(services, loaded.file, { ...loaded.options, allowDuplicate: true });
    return;
  }
  await submitRequest(services, requestOf(record), {
    baseDir: record.outputDir ?? (uri !== undefined ? dirname(uri.fsPath) : process.cwd()),
    allowDuplicate: true,
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
