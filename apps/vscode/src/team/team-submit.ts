import {
  type CostEstimate,
  checkDailyBudget,
  isDuplicateSubmitError,
  newRunRecord,
  type RequestFile,
  requestOf,
} from '@ltx-jobs/core';
import * as vscode from 'vscode';
import { CancelledError } from '../commands/command-error.js';
import { checkCostBeforeSubmit, costSuffix } from '../features/cost-estimate.js';
import { confirmDuplicate, loadRequestFile } from '../features/submit-request.js';
import { showSubmitWarnings } from '../features/submit-warnings.js';
import { requireTrust } from '../features/trust.js';
import { confirmTotal, planRunOf, runName } from '../runs/submit-run.js';
import type { Services } from '../services/services.js';
import { readSettings } from '../services/settings.js';
import { countOf } from '../view-model/format.js';
import type { TeamReader } from './team-reader.js';
import { queueRef } from './team-row.js';

/** True when `ltxJobs.queue.url` is set: Submit puts request files in the team queue. */
export function isTeamQueueSet(): boolean {
  return (vscode.workspace.getConfiguration('ltxJobs.queue').get<string>('url') ?? '').trim() !== '';
}

/** How {@link submitToTeam} sends: Generate Variations' take count, Resubmit's billed-again. */
export interface TeamSubmitOptions {
  /** Takes of each variant (Generate Variations…); the run is planned with it. */
  count?: number | undefined;
  /** Enqueue even an input the team submitted before (Resubmit, already confirmed as billed). */
  allowDuplicate?: boolean | undefined;
}

/** One request to put in the team queue. */
interface TeamSubmit {
  name: string;
  file: RequestFile;
  /** Folder relative media resolve against: the workers must be able to read it (a shared folder). */
  baseDir: string;
  requestFile: string;
  estimate?: CostEstimate | undefined;
  /** The planned job's key in its run, and its variant's (takes of one request are not duplicates). */
  key?: string | undefined;
  variantKey?: string | undefined;
}

/**
 * Submit with `ltxJobs.queue.url` set (CodeLens, palette, the explorer's multi-selection): the same
 * checks as a local submit (the file's validation with its diagnostics, `ltxJobs.budget.daily` over
 * the team's spend today, `ltxJobs.confirmAbove`; several files or a file with variations are planned
 * and checked together, one bad file sends nothing, and written down as a team run), then each
 * request is put in the team queue (its local media carried along), where a worker submits,
 * follows and downloads it into the shared folder. A request the team submitted before is refused
 * team-wide (DuplicateSubmitError naming the job that holds it): asked like a local duplicate.
 */
export async function submitToTeam(
  services: Services,
  uris: readonly vscode.Uri[],
  /** Plan them as one run: several files, or a file with `variations` (one queue job per variant). */
  asRun: boolean,
  options: TeamSubmitOptions = {},
): Promise<void> {
  requireTrust('submit request files');
  services.unseenFailures.clear();
  // An unreachable Redis or a setting to fix is said before any question is asked.
  const reader = await services.teamJobs.openReader();
  const [first] = uris;
  let submits: TeamSubmit[];
  let runId: string | undefined;
  // `ltxJobs.budget.daily` counts the team's spend today, as `ltx-jobs submit --queue` does.
  const spent = () => reader.spentToday();
  if (first !== undefined && !asRun) {
    const loaded = await loadRequestFile(services, first);
    const name = loaded.file.name ?? loaded.file.endpoint;
    const baseDir = loaded.options.baseDir;
    const estimate = await checkCostBeforeSubmit(services, loaded.file, baseDir, name, spent);
    const file = { ...loaded.file, name };
    submits = [{ name, file, baseDir, requestFile: first.fsPath, estimate }];
  } else {
    const {
      plan,
      jobs: planned,
      total,
    } = await planRunOf(services, uris, options.count === undefined ? {} : { count: options.count });
    const { dailyBudget } = readSettings();
    if (dailyBudget !== null)
      checkDailyBudget(dailyBudget, await spent(), total.usd, `these ${planned.length} submits`);
    await confirmTotal(runName(plan), planned, total);
    // Paths, as the CLI writes them (`ltx-jobs run resume --queue` reads the run).
    const jobs = planned.map((job) => ({ ...job, requestFile: vscode.Uri.parse(job.requestFile).fsPath }));
    const run = newRunRecord({ name: runName(plan), kind: plan.kind, sources: plan.sources, jobs, total });
    await reader.saveRun(run);
    runId = run.id;
    submits = jobs.map((job) => ({
      name: job.name,
      file: { ...requestOf(job), name: job.name },
      baseDir: job.baseDir,
      requestFile: job.requestFile,
      estimate: job.estimate,
      key: job.key,
      variantKey: job.variantKey,
    }));
  }
  const queued: string[] = [];
  for (const submit of submits) {
    const jobId = await enqueueOne(services, reader, submit, runId, options.allowDuplicate === true);
    if (jobId !== undefined) queued.push(jobId);
  }
  if (queued.length === 0) throw new CancelledError();
  await services.teamJobs.refresh();
  const what =
    submits.length === 1
      ? `"${submits[0]?.name}"${costSuffix(submits[0]?.estimate)}`
      : countOf(queued.length, 'job');
  services.logger.info(
    `Queued ${what} on the team queue ${reader.shown}${runId === undefined ? '' : ` (run ${runId})`}: ${queued.join(', ')}`,
  );
  vscode.window.setStatusBarMessage(`$(check) ${what} queued on the team queue`, 5000);
  if (submits.length === 1) showSubmitWarnings(services, submits[0]?.name ?? '', submits[0]?.file.warnings);
  void services.revealJob(queueRef(queued[0] ?? ''));
}

/** Enqueues one request; for a team-wide duplicate, asks first. The queue job's id, or undefined (declined). */
async function enqueueOne(
  services: Services,
  reader: TeamReader,
  submit: TeamSubmit,
  runId: string | undefined,
  allowDuplicate: boolean,
): Promise<string | undefined> {
  const options = {
    baseDir: submit.baseDir,
    requestFile: submit.requestFile,
    estimate: submit.estimate,
    runId,
    runJob: submit.key,
    variantKey: submit.variantKey,
  };
  try {
    return (await reader.enqueue(submit.file, { ...options, allowDuplicate })).jobId;
  } catch (error) {
    if (!isDuplicateSubmitError(error)) throw error;
    await services.teamJobs.refresh();
    const holder = services.store.get(error.previousRef);
    const info = services.store.teamInfo(error.previousRef);
    const detail = `An identical request is already in the team queue as "${holder?.name ?? error.previousRef}" (${
      info === undefined ? error.previousRef : `job ${info.jobId}, by ${info.by}`
    }). Submitting it again starts and bills a new job${costSuffix(submit.estimate)}.`;
    if (!(await confirmDuplicate(services, error, submit.estimate, detail))) return undefined;
    return (await reader.enqueue(submit.file, { ...options, allowDuplicate: true })).jobId;
  }
}
