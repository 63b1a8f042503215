import { formatJobRef, isUsageError, parseJobRef } from '@ltx-jobs/core';
import * as vscode from 'vscode';
import type { Services } from '../services/services.js';
import { defaultOutputDir } from '../services/settings.js';
import { parseArg, RefArgSchema, titleArg } from './args.js';
import { orCancel } from './command-error.js';

/** The input box's check: undefined when `text` is a job ref, else why not. */
export function jobRefProblem(text: string): string | undefined {
  if (text.trim() === '') return 'Enter ltx:<endpoint>/<id> or useapi:<jobId>';
  try {
    parseJobRef(text);
    return undefined;
  } catch (error) {
    if (isUsageError(error)) return error.message;
    throw error;
  }
}

/**
 * ltxJobs.trackJob [ref]: adds a job submitted elsewhere (CLI, another machine) and watches it. A row
 * of the Jobs view (what VS Code hands the view's title button) is ignored: the input box asks.
 */
export async function trackJob(services: Services, arg?: unknown): Promise<void> {
  const given = parseArg(RefArgSchema, titleArg(arg), 'The argument of "Track Existing Job"');
  const text =
    given !== undefined
      ? given
      : orCancel(
          await vscode.window.showInputBox({
            title: 'Track Existing Job',
            prompt: 'Job ref: ltx:<endpoint>/<id> (e.g. ltx:text-to-video/6f1c…) or useapi:<jobId>',
            placeHolder: 'ltx:text-to-video/<id>',
            ignoreFocusOut: true,
            validateInput: jobRefProblem,
          }),
        );
  const ref = formatJobRef(parseJobRef(text));
  const outputDir = defaultOutputDir();
  const record = await services.store.track(ref, outputDir === undefined ? {} : { outputDir });
  services.logger.info(`Tracking ${record.ref}`);
  await services.revealJob(record.ref);
}
