import * as vscode from 'vscode';
import type { CoreServices } from '../services/services.js';
import { teamStatusView } from './team-status-view.js';

/**
 * The team queue's status bar item (issue 14): hidden while `ltxJobs.queue.url` is blank; else slots
 * in use and waiting jobs, or why the queue cannot be used.
 */
export function registerTeamStatusBar(context: vscode.ExtensionContext, services: CoreServices): void {
  const item = vscode.window.createStatusBarItem('ltxJobs.teamStatus', vscode.StatusBarAlignment.Left, 49);
  item.name = 'LTX Jobs Team Queue';
  const render = () => {
    const view = teamStatusView(services.teamJobs.connection, Date.now());
    item.text = view.text;
    item.tooltip = view.tooltip;
    item.backgroundColor =
      view.tone === 'normal'
        ? undefined
        : new vscode.ThemeColor(`statusBarItem.${view.tone === 'error' ? 'error' : 'warning'}Background`);
    item.command = view.openSettings
      ? { command: 'workbench.action.openSettings', title: 'Open Settings', arguments: ['ltxJobs.queue'] }
      : view.tone === 'error'
        ? 'ltxJobs.showLog'
        : 'ltxJobs.showJobs';
    if (view.visible) item.show();
    else item.hide();
  };
  const off = services.teamJobs.onDidChangeConnection(render);
  render();
  context.subscriptions.push(item, { dispose: off });
}
