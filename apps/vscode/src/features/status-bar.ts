import * as vscode from 'vscode';
import type { CoreServices } from '../services/services.js';
import { statusBarView } from '../view-model/status-bar-view.js';

/**
 * One status bar item: spinner, count and progress while jobs run; error background after a fresh
 * failure until the user clicks it or submits again; hidden when idle.
 */
export function registerStatusBar(context: vscode.ExtensionContext, services: CoreServices): void {
  const item = vscode.window.createStatusBarItem('ltxJobs.status', vscode.StatusBarAlignment.Left, 50);
  item.name = 'LTX Jobs';
  item.command = 'ltxJobs.showJobs';
  const unseen = services.unseenFailures;

  const render = () => {
    const view = statusBarView(services.store.actionable(), unseen.list());
    item.text = view.text;
    item.tooltip = view.tooltip;
    item.backgroundColor = view.error ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    if (view.visible) item.show();
    else item.hide();
  };
  const offChange = services.store.onDidChange(({ ref, record }) => {
    if (record === undefined) unseen.delete(ref);
    render();
  });
  const offEnd = services.store.onDidEnd((record) => {
    // A cancelled job is the user's own doing, not a failure to alarm about.
    const failed = record.job?.state === 'failed' || record.job?.state === 'expired';
    if (failed) unseen.add(record.ref);
  });
  const offSeen = unseen.onDidChange(render);
  render();
  context.subscriptions.push(item, { dispose: offChange }, { dispose: offEnd }, { dispose: offSeen });
}
