import type { JobRecord, SubmitIntentView } from '@ltx-jobs/core';
import * as vscode from 'vscode';
import type { RunView } from '../runs/run-view.js';
import type { WatchProblem } from '../services/job-store.js';
import type { TeamRowInfo } from '../team/team-row.js';
import { artifactViews, errorView } from '../view-model/artifact-view.js';
import { intentView } from '../view-model/intent-view.js';
import type { JobGroup } from '../view-model/job-groups.js';
import type { IconView } from '../view-model/job-state.js';
import { jobView } from '../view-model/job-view.js';
import { type PendingSubmit, pendingView } from '../view-model/pending-view.js';
import type { TreeNode } from './tree-nodes.js';

/** The row of a job. */
export function jobItem(
  record: JobRecord,
  now: number,
  problem: WatchProblem | undefined,
  /** True when takes (jobs made from this one) nest under it. */
  hasTakes = false,
  /** True when only the CLI's ledger has it (see JobStore.isExternal). */
  fromCli = false,
  /** A team-queue job (see JobStore.teamInfo). */
  team?: TeamRowInfo,
): vscode.TreeItem {
  const view = jobView(record, now, {
    ...(problem === undefined ? {} : { watchError: problem.message, keyProblem: problem.keyProblem }),
    ...(fromCli ? { fromCli } : {}),
    ...(team === undefined ? {} : { team }),
  });
  const hasChildren = errorView(record) !== undefined || (record.job?.artifacts.length ?? 0) > 0 || hasTakes;
  const item = new vscode.TreeItem(
    view.label,
    hasChildren ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None,
  );
  // A new id once children appear, so VS Code shows the finished job expanded instead of keeping
  // the collapsed state it remembered for the childless running node.
  item.id = hasChildren ? `${record.ref}#children` : record.ref;
  item.description = view.description;
  item.tooltip = new vscode.MarkdownString(view.tooltip);
  item.iconPath = themeIcon(view.icon);
  item.contextValue = view.contextValue;
  return item;
}

/** The row of one artifact (labelled by kind) or of a job's error. */
export function childItem(record: JobRecord, node: TreeNode, now: number): vscode.TreeItem {
  if (node.kind === 'error') {
    const view = errorView(record);
    const item = new vscode.TreeItem(view?.label ?? 'error');
    item.description = view?.description ?? '';
    item.tooltip = view?.tooltip ?? '';
    item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
    item.contextValue = 'error';
    return item;
  }
  const key = node.kind === 'artifact' ? node.key : '';
  const view = artifactViews(record, now).find((a) => a.key === key);
  const item = new vscode.TreeItem(view?.label ?? key);
  if (view === undefined) return item;
  item.description = view.description;
  item.tooltip = new vscode.MarkdownString(view.tooltip);
  item.iconPath = themeIcon(view.icon);
  item.contextValue = view.contextValue;
  if (view.path !== undefined) {
    item.resourceUri = vscode.Uri.file(view.path);
    item.command = { command: 'ltxJobs.openArtifact', title: 'Open Artifact', arguments: [node] };
  }
  return item;
}

/** A group row (a request file or a day). */
export function groupItem(group: JobGroup): vscode.TreeItem {
  const item = new vscode.TreeItem(group.label, vscode.TreeItemCollapsibleState.Expanded);
  item.id = `group:${group.key}`;
  item.description = group.description;
  item.tooltip = group.tooltip;
  item.iconPath = new vscode.ThemeIcon(group.key.startsWith('day:') ? 'calendar' : 'file-code');
  item.contextValue = 'group';
  return item;
}

/** The node of a run (or of its part from one request file), expanded, its jobs below. */
export function runItem(key: string, view: RunView): vscode.TreeItem {
  return viewItem(`run:${key}`, view, vscode.TreeItemCollapsibleState.Expanded);
}

/** The row of an interrupted submit ("submit interrupted — may have been billed"), or one made elsewhere. */
export function intentItem(intent: SubmitIntentView, now: number): vscode.TreeItem {
  return viewItem(`intent:${intent.id}`, intentView(intent, now));
}

/** The row of a submit that has no job id yet ("waiting for a slot (2/2 running)"). */
export function pendingItem(pending: PendingSubmit, now: number): vscode.TreeItem {
  return viewItem(`pending:${pending.id}`, pendingView(pending, now));
}

/** What the run, intent and pending rows have in common: a view model shown as a tree item. */
interface RowView {
  label: string;
  description: string;
  tooltip: string;
  icon: IconView;
  contextValue: string;
}

function viewItem(
  id: string,
  view: RowView,
  collapsible = vscode.TreeItemCollapsibleState.None,
): vscode.TreeItem {
  const item = new vscode.TreeItem(view.label, collapsible);
  item.id = id;
  item.description = view.description;
  item.tooltip = new vscode.MarkdownString(view.tooltip);
  item.iconPath = themeIcon(view.icon);
  item.contextValue = view.contextValue;
  return item;
}

function themeIcon(icon: IconView): vscode.ThemeIcon {
  return icon.color === undefined
    ? new vscode.ThemeIcon(icon.id)
    : new vscode.ThemeIcon(icon.id, new vscode.ThemeColor(icon.color));
}
