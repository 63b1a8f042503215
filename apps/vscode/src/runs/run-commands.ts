import { formatRunTotal, planResume, sumEstimates, UsageError } from '@ltx-jobs/core';
import * as vscode from 'vscode';
import { parseArg, UriArgSchema } from '../commands/args.js';
import { CancelledError, orCancel } from '../commands/command-error.js';
import { downloadJob } from '../features/download-job.js';
import { requireTrust } from '../features/trust.js';
import type { Services } from '../services/services.js';
import { countOf } from '../view-model/format.js';
import type { Runs } from './runs.js';
import { send, submitRun } from './submit-run.js';

/** The run a command was given: a run node of the tree (`{ kind: 'run', id }`) or a run id. */
function runIdOf(runs: Runs, arg: unknown): string {
  const id =
    typeof arg === 'string'
      ? arg
      : typeof arg === 'object' && arg !== null && 'id' in arg
        ? String(arg.id)
        : undefined;
  if (id === undefined || runs.get(id) === undefined)
    throw new UsageError('That run is not in the list any more');
  return id;
}

/**
 * ltxJobs.generateVariations [uri]: asks how many takes of the request file, then submits them as one
 * run (each a fresh draw, billed on its own; the total is confirmed first).
 */
export async function generateVariations(services: Services, runs: Runs, arg?: unknown): Promise<void> {
  const uri =
    arg === undefined || arg === null
      ? vscode.window.activeTextEditor?.document.uri
      : parseArg(UriArgSchema, arg, 'The file argument of "Generate Variations…"');
  if (uri === undefined || !/\.ltx\.json$/i.test(uri.path)) {
    throw new UsageError('Open or select a *.ltx.json request file to generate variations of it');
  }
  const name =
    uri.path
      .split('/')
      .pop()
      ?.replace(/\.ltx\.json$/i, '') ?? 'the request';
  const answer = await vscode.window.showInputBox({
    title: 'Generate Variations',
    prompt: `How many takes of "${name}"? LTX has no seed: each take is a fresh draw, billed on its own.`,
    value: '4',
    validateInput: (text) =>
      /^\d+$/.test(text.trim()) && Number(text) >= 1 && Number(text) <= 100
        ? undefined
        : 'A whole number from 1 to 100',
  });
  const count = Number(orCancel(answer).trim());
  await submitRun(services, runs, [uri], { count });
}

/**
 * ltxJobs.resumeRun (Resume Failed): submits again the run's jobs that failed, expired or were never
 * sent (each as a new attempt; the estimate is confirmed first); running and finished ones are left.
 */
export async function resumeRun(services: Services, runs: Runs, arg: unknown): Promise<void> {
  requireTrust('submit request files');
  const id = runIdOf(runs, arg);
  const progress = orCancel(runs.progress(id));
  const steps = planResume(progress);
  const again = steps.flatMap((s) => (s.kind === 'submit' ? [s.job] : []));
  if (again.length === 0) {
    void vscode.window.showInformationMessage(
      `LTX run "${progress.run.name}": nothing failed or unsent (${progress.text}).`,
    );
    return;
  }
  const total = formatRunTotal(sumEstimates(again.map((j) => j.estimate)));
  const label = `Submit ${countOf(again.length, 'Job')} Again`;
  const answer = await vscode.window.showWarningMessage(
    `Submit ${countOf(again.length, 'failed or unsent job')} of "${progress.run.name}" again, ${total}?`,
    {
      modal: true,
      detail: `${again
        .map((j) => `• ${j.name}`)
        .slice(0, 8)
        .join('\n')}\n\nEach is billed again. Jobs that succeeded or are running are not sent.`,
    },
    label,
  );
  if (answer !== label) throw new CancelledError();
  await send(services, runs, progress.run, steps, false);
}

/** ltxJobs.stopWatchingRun: stops sending the run's remaining jobs and polling its running ones. */
export async function stopWatchingRun(runs: Runs, arg: unknown): Promise<void> {
  const id = runIdOf(runs, arg);
  const stopped = await runs.stopWatching(id);
  vscode.window.setStatusBarMessage(
    `LTX run "${runs.get(id)?.name}": stopped watching ${countOf(stopped, 'job')} (they go on)`,
    5000,
  );
}

/** ltxJobs.downloadRun (Download All): downloads what is missing of every succeeded job of the run. */
export async function downloadRun(services: Services, runs: Runs, arg: unknown): Promise<void> {
  requireTrust('download artifacts');
  const id = runIdOf(runs, arg);
  const records = runs
    .records(id)
    .filter((r) => r.job?.state === 'succeeded' && r.downloads.length < (r.job.artifacts.length ?? 0));
  if (records.length === 0) {
    void vscode.window.showInformationMessage(
      `LTX run "${runs.get(id)?.name}": every finished job's files are on disk.`,
    );
    return;
  }
  for (const record of records) await downloadJob(services, record.ref);
  vscode.window.setStatusBarMessage(
    `LTX run "${runs.get(id)?.name}": downloaded ${countOf(records.length, 'job')}`,
    5000,
  );
}

/** ltxJobs.removeRun: forgets the run and its jobs (all attempts) after asking; files on disk stay. */
export async function removeRun(runs: Runs, arg: unknown): Promise<void> {
  const id = runIdOf(runs, arg);
  const run = orCancel(runs.get(id));
  const answer = await vscode.window.showWarningMessage(
    `Remove the run "${run.name}" and its jobs from the list?`,
    {
      modal: true,
      detail: 'Downloaded files stay on disk. Jobs still running go on at the provider (and are billed).',
    },
    'Remove Run',
  );
  if (answer !== 'Remove Run') throw new CancelledError();
  const removed = await runs.remove(id);
  vscode.window.setStatusBarMessage(`Removed the LTX run "${run.name}" (${countOf(removed, 'job')})`, 5000);
}
