import * as vscode from 'vscode';
import type { Services } from '../services/services.js';
import { JobsTreeProvider } from '../tree/jobs-tree.js';
import { countOf } from '../view-model/format.js';
import { isActive } from '../view-model/job-view.js';

/** The `ltxJobs.jobs` tree view, with a badge counting running jobs. Returns its provider. */
export function registerJobsView(context: vscode.ExtensionContext, services: Services): JobsTreeProvider {
  const provider = new JobsTreeProvider(services.store);
  const view = vscode.window.createTreeView('ltxJobs.jobs', {
    treeDataProvider: provider,
    showCollapseAll: true,
  });
  const updateBadge = () => {
    const running = services.store.list().filter(isActive).length;
    view.badge =
      running > 0 ? { value: running, tooltip: `${countOf(running, 'LTX job')} running` } : undefined;
  };
  provider.setVisible(view.visible);
  updateBadge();
  const off = services.store.onDidChange(updateBadge);
  services.revealJob = async (ref) => {
    await vscode.commands.executeCommand('ltxJobs.jobs.focus');
    if (services.store.get(ref) !== undefined) {
      await view.reveal(provider.jobNode(ref), { select: true, focus: false, expand: true });
    }
  };
  context.subscriptions.push(
    provider,
    view,
    view.onDidChangeVisibility((e) => provider.setVisible(e.visible)),
    { dispose: off },
  );
  return provider;
}
