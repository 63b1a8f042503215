import { formatRunTotal, planResume, sumEstimates, UsageError } from '@ltx-jobs/core';
import * as vscode from 'vscode';
import { parseArg, UriArgSchema } from '../commands/args.js';
import { CancelledError, orCancel } from '../commands/command-error.js';
import { confirmBilled } from '../features/confirm-billed.js';
import { requireTrust } from '../features/trust.js';
import type { Services } from '../services/services.js';
import { isTeamQueueSet, submitToTeam } from '../team/team-submit.js';
import { countOf } from '../view-model/format.js';
import { sendRun } from './send-run.js';
import { planRunOf, submitRun } from './submit-run.js';

/** Most takes "Generate Variations…" makes of a request file at once. */
export const MAX_TAKES = 50;

/** The run a command was given: a run node of the tree (`{ kind: 'run', key }`) or a run id. */
export function runIdOf(services: Services, arg: unknown): string {
  const key =
    typeof arg === 'string'
      ? arg
      : typeof arg === 'object' && arg !== null && 'key' in arg
        ? String(arg.key)
        : undefined;
  // A node of one part of a run (grouped by request file) is keyed `<run id>|<group>`.
  const id = key?.split('|')[0];
  if (id === undefined || services.runs.get(id) === undefined)
    throw new UsageError('That run is not in the list any more');
  return id;
}

/** The request file a command was given, else the active editor's. */
function requestFileArg(arg: unknown): vscode.Uri {
  const uri =
    arg === undefined || arg === null
      ? vscode.window.activeTextEditor?.document.uri
      : parseArg(UriArgSchema, arg, 'The file argument of "Generate Variations…"');
  if (uri === undefined || !/\.ltx\.json$/i.test(uri.path)) {
    throw new UsageError('Open or select a *.ltx.json request file to generate variations of it');
  }
  return uri;
}

/**
 * ltxJobs.generateVariations [uri]: checks the request file, asks how many takes (1–50, with the
 * total estimate as the number is typed), then submits them as one run (each a fresh draw, billed on
 * its own; `ltxJobs.confirmAbove` asks above it).
 */
export async function generateVariations(services: Services, arg?: unknown): Promise<void> {
  requireTrust('submit request files');
  const uri = requestFileArg(arg);
  // One take of each variant the file already has: checks the file and prices a take.
  const { plan, total: once } = await planRunOf(services, [uri], { count: 1 });
  const variants = plan.jobs.length;
  const name = plan.name.replace(/ ×\d+$/, '');
  const per = variants === 1 ? '' : ` of each of its ${variants} variants`;
  const totalOf = (n: number) =>
    formatRunTotal({
      usd: once.usd * n,
      low: once.low * n,
      high: once.high * n,
      unknown: once.unknown * n,
    });
  const answer = await vscode.window.showInputBox({
    title: 'Generate Variations',
    prompt: `How many takes${per} of "${name}"? LTX has no seed: each take is a fresh draw, billed on its own (${formatRunTotal(once)} a take).`,
    value: '4',
    validateInput: (text) => {
      const n = Number(text.trim());
      if (!/^\d+$/.test(text.trim()) || n < 1 || n > MAX_TAKES)
        return `A whole number from 1 to ${MAX_TAKES}`;
      return {
        message: `${countOf(n * variants, 'job')}, ${totalOf(n)} in total (an estimate, not a bill)`,
        severity: vscode.InputBoxValidationSeverity.Info,
      };
    },
  });
  const count = Number(orCancel(answer).trim());
  // With ltxJobs.queue.url set, the takes go to the team queue as one team run (issue 14).
  if (isTeamQueueSet()) await submitToTeam(services, [uri], true, { count });
  else await submitRun(services, [uri], { count });
}

/**
 * ltxJobs.resumeRun (Resume Failed): submits again the run's jobs that failed, expired or were never
 * sent (each as a new attempt), after confirming them with their estimate; succeeded and running
 * jobs, cancelled ones and submits that may have been billed are left alone.
 */
export async function resumeRun(services: Services, arg: unknown): Promise<void> {
  requireTrust('submit request files');
  const id = runIdOf(services, arg);
  if (services.runs.isSending(id)) throw new UsageError('This window is still sending jobs of that run');
  const progress = orCancel(services.runs.progress(id));
  const steps = planResume(progress);
  const again = steps.flatMap((s) => (s.kind === 'submit' ? [s.job] : []));
  const left = steps.flatMap((s) => (s.kind === 'skip' ? [`• ${s.job.name}: ${s.reason}`] : []));
  if (again.length === 0) {
    void vscode.window.showInformationMessage(
      `LTX run "${progress.run.name}": nothing failed or unsent (${progress.text}).${left.length > 0 ? ` ${countOf(left.length, 'job')} left alone (see the log).` : ''}`,
    );
    for (const line of left) services.logger.info(line);
    return;
  }
  const total = formatRunTotal(sumEstimates(again.map((j) => j.estimate)));
  const listed = again
    .slice(0, 8)
    .map((j) => `• ${j.name}`)
    .join('\n');
  const answer = await confirmBilled(
    `Submit ${countOf(again.length, 'failed or unsent job')} of "${progress.run.name}" again, ${total}?`,
    `${listed}${again.length > 8 ? `\n… and ${again.length - 8} more` : ''}\n\nEach is billed again. Jobs that succeeded or are running are not sent.${left.length > 0 ? `\n\nLeft alone:\n${left.slice(0, 5).join('\n')}` : ''}`,
    'Show Run',
    `Submit ${countOf(again.length, 'Job')} Again`,
  );
  if (answer === 'safe') await services.revealRun(id);
  if (answer !== 'billed') throw new CancelledError();
  await sendRun(services, progress.run, steps, false);
}

/** ltxJobs.stopWatchingRun: stops sending the run's remaining jobs and polling its running ones. */
export async function stopWatchingRun(services: Services, arg: unknown): Promise<void> {
  const id = runIdOf(services, arg);
  const stopped = await services.runs.stopWatching(id);
  vscode.window.setStatusBarMessage(
    `LTX run "${services.runs.get(id)?.name}": stopped watching ${countOf(stopped, 'job')} (they go on; Refresh watches them again)`,
    5000,
  );
}

/** ltxJobs.removeRun: forgets the run and its jobs (all attempts) after asking; files on disk stay. */
export async function removeRun(services: Services, arg: unknown): Promise<void> {
  const id = runIdOf(services, arg);
  const run = orCancel(services.runs.get(id));
  const answer = await vscode.window.showWarningMessage(
    `Remove the run "${run.name}" and its jobs from the list?`,
    {
      modal: true,
      detail: 'Downloaded files stay on disk. Jobs still running go on at the provider (and are billed).',
    },
    'Remove Run',
  );
  if (answer !== 'Remove Run') throw new CancelledError();
  const removed = await services.runs.remove(id);
  vscode.window.setStatusBarMessage(`Removed the LTX run "${run.name}" (${countOf(removed, 'job')})`, 5000);
}
