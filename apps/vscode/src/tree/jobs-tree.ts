import { type JobRecord, type TakeForest, takeForest } from '@ltx-jobs/core';
import * as vscode from 'vscode';
import type { JobChange, JobStore } from '../services/job-store.js';
import type { ViewState } from '../services/view-state.js';
import { artifactViews, errorView } from '../view-model/artifact-view.js';
import { groupJobs, type JobGroup, matchesFilter } from '../view-model/job-groups.js';
import { jobView } from '../view-model/job-view.js';
import { childItem, groupItem, intentItem, jobItem, pendingItem } from './tree-items.js';
import { NodeCache, type TreeNode } from './tree-nodes.js';

/** Seconds between clock ticks; each node refreshes on the ticks its view asks for. */
export const TICK_SECONDS = 1;

/**
 * The `ltxJobs.jobs` tree: submits waiting for their job id first, then interrupted submits ("may
 * have been billed"), then the jobs (newest first,
 * filtered by state, grouped by request file or day when asked), their artifacts and error below.
 * Ungrouped, takes (jobs made from another job's result) nest under their source; grouped, every job
 * sits in its group.
 */
export class JobsTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly nodes = new NodeCache();
  private readonly unsubscribe: (() => void)[];
  /** Ref -> how often (seconds) its text follows the clock. */
  private readonly ticking = new Map<string, number>();
  private ticks = 0;
  private timer: NodeJS.Timeout | undefined;
  private visible = false;
  /** Takes under their sources, over the jobs the filter shows; rebuilt after any change. */
  private forest: TakeForest | undefined;

  constructor(
    private readonly store: JobStore,
    private readonly viewState: ViewState,
    private readonly now: () => number = Date.now,
  ) {
    this.unsubscribe = [
      store.onDidChange((change) => this.onJobChanged(change)),
      store.onDidChangePending(() => this.refreshAll()),
      viewState.onDidChange(() => this.refreshAll()),
    ];
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

  /** The jobs the filter shows, newest first. */
  shownRecords(): JobRecord[] {
    return this.store.list().filter((r) => matchesFilter(r, this.viewState.filter));
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    if (node.kind === 'group') {
      const group = this.groups().find((g) => g.key === node.key);
      return group === undefined ? new vscode.TreeItem('(empty)') : groupItem(group);
    }
    if (node.kind === 'pending') {
      const pending = this.store.getPending(node.id);
      return pending === undefined ? new vscode.TreeItem('(submitted)') : pendingItem(pending, this.now());
    }
    if (node.kind === 'intent') {
      const intent = this.store.getIntent(node.id);
      return intent === undefined ? new vscode.TreeItem('(resolved)') : intentItem(intent, this.now());
    }
    const record = this.store.get(node.ref);
    if (record === undefined) return new vscode.TreeItem('(removed)');
    if (node.kind === 'job') {
      const takes = this.nested() ? this.takes().takesOf(record.ref).length : 0;
      const fromCli = this.store.isExternal(record.ref);
      return jobItem(record, this.now(), this.store.watchProblem(record.ref), takes > 0, fromCli);
    }
    return childItem(record, node, this.now());
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (node === undefined) {
      const records = this.shownRecords();
      this.trackTicking(records);
      const pending = this.store.pending();
      this.nodes.keepPending(new Set(pending.map((p) => p.id)));
      const top = this.nested()
        ? this.takes().roots.map((r) => this.nodes.job(r.ref))
        : this.groups().map((g) => this.nodes.group(g.key));
      const intents = this.store.intents().map((i) => this.nodes.intent(i.id));
      return [...pending.map((p) => this.nodes.pending(p.id)), ...intents, ...top];
    }
    if (node.kind === 'group') {
      return (this.groups().find((g) => g.key === node.key)?.refs ?? []).map((ref) => this.nodes.job(ref));
    }
    if (node.kind !== 'job') return [];
    const record = this.store.get(node.ref);
    if (record === undefined) return [];
    const children: TreeNode[] = [];
    if (errorView(record) !== undefined) children.push(this.nodes.error(node.ref));
    for (const view of artifactViews(record, this.now()))
      children.push(this.nodes.artifact(node.ref, view.key));
    if (this.nested()) {
      for (const take of this.takes().takesOf(node.ref)) children.push(this.nodes.job(take.ref));
    }
    return children;
  }

  getParent(node: TreeNode): TreeNode | undefined {
    if (node.kind === 'group' || node.kind === 'pending' || node.kind === 'intent') return undefined;
    if (node.kind !== 'job') return this.nodes.job(node.ref);
    if (this.nested()) {
      const source = this.takes().parentOf(node.ref);
      return source === undefined ? undefined : this.nodes.job(source.ref);
    }
    const group = this.groups().find((g) => g.refs.includes(node.ref));
    return group === undefined ? undefined : this.nodes.group(group.key);
  }

  /** The stable job node of `ref` (for `TreeView.reveal`). */
  jobNode(ref: string): TreeNode {
    return this.nodes.job(ref);
  }

  dispose(): void {
    for (const off of this.unsubscribe) off();
    if (this.timer !== undefined) clearInterval(this.timer);
    this.changed.dispose();
  }

  /** Ungrouped: takes nest under their source. */
  private nested(): boolean {
    return this.viewState.groupBy === 'none';
  }

  private takes(): TakeForest {
    this.forest ??= takeForest(this.shownRecords());
    return this.forest;
  }

  private groups(): JobGroup[] {
    return groupJobs(this.shownRecords(), this.viewState.groupBy, this.now());
  }

  private onJobChanged({ ref, record }: JobChange): void {
    this.forest = undefined;
    const node = this.nodes.peekJob(ref);
    if (
      record === undefined ||
      node === undefined ||
      this.viewState.groupBy !== 'none' ||
      this.viewState.filter.length > 0
    ) {
      // Added, removed, or moved between groups / in or out of the filter: the lists change.
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
    const wanted = this.visible && (this.ticking.size > 0 || this.store.pending().length > 0);
    if (wanted && this.timer === undefined) {
      this.timer = setInterval(() => this.tick(), TICK_SECONDS * 1000);
    } else if (!wanted && this.timer !== undefined) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private tick(): void {
    this.ticks++;
    for (const [ref, every] of this.ticking) {
      const node = this.nodes.peekJob(ref);
      if (node !== undefined && this.ticks % every === 0) this.changed.fire(node);
    }
    for (const node of this.nodes.pendingNodes()) this.changed.fire(node);
    if (this.ticking.size === 0 && this.store.pending().length === 0) this.updateTimer();
  }
}
