import { type JobRecord, type TakeForest, takeForest } from '@ltx-jobs/core';
import * as vscode from 'vscode';
import type { JobChange, JobStore } from '../services/job-store.js';
import { artifactViews, errorView, type IconView, jobView } from '../view-model/job-view.js';
import { NodeCache, type TreeNode } from './tree-nodes.js';

/** Seconds between clock ticks; each node refreshes on the ticks its view asks for. */
export const TICK_SECONDS = 1;

/** The `ltxJobs.jobs` tree: jobs at the root, their artifacts, error and takes (jobs made from them) below. */
export class JobsTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly nodes = new NodeCache();
  private readonly unsubscribe: () => void;
  /** Ref -> how often (seconds) its text follows the clock. */
  private readonly ticking = new Map<string, number>();
  private ticks = 0;
  /** Takes under their sources; rebuilt after any change. */
  private forest: TakeForest | undefined;
  private timer: NodeJS.Timeout | undefined;
  private visible = false;

  constructor(
    private readonly store: JobStore,
    private readonly now: () => number = Date.now,
  ) {
    this.unsubscribe = store.onDidChange((change) => this.onJobChanged(change));
  }

  /** Ticks only while the view is visible. */
  setVisible(visible: boolean): void {
    this.visible = visible;
    this.updateTimer();
  }

  /** Re-reads everything. */
  refreshAll(): void {
    this.forest = undefined;
    this.changed.fire(undefined);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const record = this.store.get(node.ref);
    if (record === undefined) return new vscode.TreeItem('(removed)');
    if (node.kind === 'job') return this.jobItem(record);
    if (node.kind === 'error') {
      const view = errorView(record);
      const item = new vscode.TreeItem(view?.label ?? 'error');
      item.description = view?.description ?? '';
      item.tooltip = view?.tooltip ?? '';
      item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
      item.contextValue = 'error';
      return item;
    }
    const view = artifactViews(record, this.now()).find((a) => a.key === node.key);
    const item = new vscode.TreeItem(view?.label ?? node.key);
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

  getChildren(node?: TreeNode): TreeNode[] {
    if (node === undefined) {
      const records = this.store.list();
      this.trackTicking(records);
      return this.takes().roots.map((r) => this.nodes.job(r.ref));
    }
    if (node.kind !== 'job') return [];
    const record = this.store.get(node.ref);
    if (record === undefined) return [];
    const children: TreeNode[] = [];
    if (errorView(record) !== undefined) children.push(this.nodes.error(node.ref));
    for (const view of artifactViews(record, this.now()))
      children.push(this.nodes.artifact(node.ref, view.key));
    for (const take of this.takes().takesOf(node.ref)) children.push(this.nodes.job(take.ref));
    return children;
  }

  getParent(node: TreeNode): TreeNode | undefined {
    if (node.kind !== 'job') return this.nodes.job(node.ref);
    const source = this.takes().parentOf(node.ref);
    return source === undefined ? undefined : this.nodes.job(source.ref);
  }

  /** The stable job node of `ref` (for `TreeView.reveal`). */
  jobNode(ref: string): TreeNode {
    return this.nodes.job(ref);
  }

  dispose(): void {
    this.unsubscribe();
    if (this.timer !== undefined) clearInterval(this.timer);
    this.changed.dispose();
  }

  private jobItem(record: JobRecord): vscode.TreeItem {
    const watchError = this.store.watchError(record.ref);
    const view = jobView(record, this.now(), watchError === undefined ? {} : { watchError });
    const hasChildren =
      errorView(record) !== undefined ||
      (record.job?.artifacts.length ?? 0) > 0 ||
      this.takes().takesOf(record.ref).length > 0;
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

  private takes(): TakeForest {
    this.forest ??= takeForest(this.store.list());
    return this.forest;
  }

  private onJobChanged({ ref, record }: JobChange): void {
    this.forest = undefined;
    const node = this.nodes.peekJob(ref);
    if (record === undefined || node === undefined) {
      // Added or removed: the root list changes.
      if (record === undefined) this.nodes.forget(ref);
      this.changed.fire(undefined);
      return;
    }
    this.changed.fire(node);
    this.trackTicking(this.store.list());
  }

  private trackTicking(records: JobRecord[]): void {
    const now = this.now();
    this.ticking.clear();
    for (const r of records) {
      const every = jobView(r, now).refreshSeconds;
      if (every !== undefined) this.ticking.set(r.ref, every);
    }
    this.updateTimer();
  }

  private updateTimer(): void {
    const wanted = this.visible && this.ticking.size > 0;
    if (wanted && this.timer === undefined) {
      this.timer = setInterval(() => {
        this.ticks++;
        for (const [ref, every] of this.ticking) {
          const node = this.nodes.peekJob(ref);
          if (node !== undefined && this.ticks % every === 0) this.changed.fire(node);
        }
      }, TICK_SECONDS * 1000);
    } else if (!wanted && this.timer !== undefined) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }
}

function themeIcon(icon: IconView): vscode.ThemeIcon {
  return icon.color === undefined
    ? new vscode.ThemeIcon(icon.id)
    : new vscode.ThemeIcon(icon.id, new vscode.ThemeColor(icon.color));
}
