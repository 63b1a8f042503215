import * as vscode from 'vscode';
import type { CoreServices } from '../services/services.js';
import { JobsTreeProvider } from '../tree/jobs-tree.js';
import { countOf } from '../view-model/format.js';
import { isActive } from '../view-model/job-view.js';

/**
 * The `ltxJobs.jobs` tree view (multi-select), with a badge counting running jobs, the state filter
 * in its description, and the `ltxJobs.filtered` / `ltxJobs.groupBy` context keys for its title
 * menu. Returns its provider.
 */
export function registerJobsView(context: vscode.ExtensionContext, services: CoreServices): JobsTreeProvider {
  const { store, viewState } = services;
  const provider = new JobsTreeProvider(store, viewState, Date.now, services.runs);
  const view = vscode.window.createTreeView('ltxJobs.jobs', {
    treeDataProvider: provider,
    showCollapseAll: true,
    canSelectMany: true,
  });
  const updateBadge = () => {
    const running = store.list().filter(isActive).length;
    view.badge =
      running > 0 ? { value: running, tooltip: `${countOf(running, 'LTX job')} running` } : undefined;
  };
  const updateFilter = () => {
    const filter = viewState.filter;
    // With one view in the container its description is not shown: the message is.
    const hidden = store.list().length - provider.shownRecords().length;
    view.message =
      filter.length > 0
        ? `Only ${filter.join(' and ')} jobs${hidden > 0 ? `; ${countOf(hidden, 'other job')} hidden` : ''}. Clear Filter shows every job.`
        : '';
    void vscode.commands.executeCommand('setContext', 'ltxJobs.filtered', filter.length > 0);
    void vscode.commands.executeCommand('setContext', 'ltxJobs.groupBy', viewState.groupBy);
  };
  provider.setVisible(view.visible);
  updateBadge();
  updateFilter();
  const offChange = store.onDidChange(() => {
    updateBadge();
    if (viewState.filter.length > 0) updateFilter();
  });
  const offView = viewState.onDidChange(updateFilter);
  services.revealJob = async (ref) => {
    await vscode.commands.executeCommand('ltxJobs.jobs.focus');
    if (store.get(ref) !== undefined && provider.shownRecords().some((r) => r.ref === ref)) {
      await view.reveal(provider.jobNode(ref), { select: true, focus: false, expand: true });
    }
  };
  services.revealRun = async (id) => {
    await vscode.commands.executeCommand('ltxJobs.jobs.focus');
    const node = provider.runNode(id);
    if (node !== undefined) await view.reveal(node, { select: true, focus: false, expand: true });
  };
  context.subscriptions.push(
    provider,
    view,
    view.onDidChangeVisibility((e) => provider.setVisible(e.visible)),
    { dispose: offChange },
    { dispose: offView },
  );
  return provider;
}
