import { isTerminal } from '@ltx-jobs/core';
import * as vscode from 'vscode';
import type { Services } from '../services/services.js';
import { countOf } from '../view-model/format.js';
import { filterBucket, type GroupBy, STATE_FILTERS, type StateFilter } from '../view-model/job-groups.js';
import { CancelledError, orCancel } from './command-error.js';
import { removeRecords } from './remove-job.js';

const GROUP_LABELS: Record<GroupBy, string> = {
  none: 'No Grouping',
  requestFile: 'Request File',
  day: 'Day Submitted',
};

/** ltxJobs.groupBy: groups the Jobs view by request file or by day (or not), per workspace. */
export async function groupBy(services: Services): Promise<void> {
  const current = services.viewState.groupBy;
  const picked = await vscode.window.showQuickPick(
    (Object.keys(GROUP_LABELS) as GroupBy[]).map((value) => ({
      label: GROUP_LABELS[value],
      description: value === current ? '(current)' : '',
      value,
    })),
    { placeHolder: 'Group the jobs by' },
  );
  await services.viewState.setGroupBy(orCancel(picked).value);
}

/** ltxJobs.filterByState: shows only jobs in the picked states (several may be picked). */
export async function filterByState(services: Services): Promise<void> {
  const current = services.viewState.filter;
  const records = services.store.list();
  const picked = await vscode.window.showQuickPick(
    STATE_FILTERS.map((state) => ({
      label: state,
      description: countOf(records.filter((r) => filterBucket(r) === state).length, 'job'),
      picked: current.includes(state),
      state,
    })),
    { placeHolder: 'Show only jobs that are… (none picked: all jobs)', canPickMany: true },
  );
  await services.viewState.setFilter(orCancel(picked).map((p) => p.state as StateFilter));
}

/** ltxJobs.clearFilter: shows every job again. */
export async function clearFilter(services: Services): Promise<void> {
  await services.viewState.setFilter([]);
}

/**
 * ltxJobs.clearFinished: removes every job that has ended (succeeded, failed, cancelled, expired)
 * from the list after one question; downloaded files stay, running jobs stay.
 */
export async function clearFinished(services: Services): Promise<void> {
  const finished = services.store.list().filter((r) => isTerminal(r.job?.state ?? 'queued'));
  if (finished.length === 0) {
    void vscode.window.showInformationMessage('LTX Jobs: no finished job to clear.');
    return;
  }
  const answer = await vscode.window.showWarningMessage(
    `Remove ${countOf(finished.length, 'finished job')} from the list?`,
    { modal: true, detail: 'Downloaded files stay where they are. Jobs that still run stay in the list.' },
    'Clear Finished',
  );
  if (answer !== 'Clear Finished') throw new CancelledError();
  await removeRecords(services, finished);
  vscode.window.setStatusBarMessage(`$(clear-all) Cleared ${countOf(finished.length, 'finished job')}`, 5000);
}
