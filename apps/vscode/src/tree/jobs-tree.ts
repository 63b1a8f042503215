import type { JobRecord } from '@ltx-jobs/core';
import * as vscode from 'vscode';
import { runView } from '../runs/run-view.js';
import type { JobChange, JobStore } from '../services/job-store.js';
import type { ViewState } from '../services/view-state.js';
import { artifactViews, errorView } from '../view-model/artifact-view.js';
import { type JobsItem, matchesFilter } from '../view-model/job-groups.js';
import { jobView } from '../view-model/job-view.js';
import type { RunPart } from '../view-model/run-layout.js';
import { childItem, groupItem, intentItem, jobItem, pendingItem, runItem } from './tree-items.js';
import { buildLayout, NO_RUNS, type RunSource, type TreeLayout } from './tree-layout.js';
import { NodeCache, type TreeNode } from './tree-nodes.js';

export type { RunSource } from './tree-layout.js';

/** Seconds between clock ticks; each node refreshes on the ticks its view asks for. */
export const TICK_SECONDS = 1;

/**
 * The `ltxJobs.jobs` tree: submits waiting for their job id first, then interrupted submits ("may
 * have been billed"), then the runs and jobs (newest first, filtered by state, grouped by request
 * file or day when asked), their artifacts and error below. A run is one node with its aggregate
 * progress, its jobs below it (see `layoutRuns`). Ungrouped, takes (jobs made from another job's
 * result) nest under their source; grouped, every job sits in its group.
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
  /** Rebuilt after any change. */
  private cached: TreeLayout | undefined;

  constructor(
    private readonly store: JobStore,
    private readonly viewState: ViewState,
    private readonly now: () => number = Date.now,
    private readonly runs: RunSource = NO_RUNS,
  ) {
    this.unsubscribe = [
      store.onDidChange((change) => this.onJobChanged(change)),
      store.onDidChangePending(() => this.refreshAll()),
      viewState.onDidChange(() => this.refreshAll()),
      runs.onDidChange(() => this.refreshAll()),
    ];
  }

  /** Ticks only while the view is visible. */
  setVisible(visible: boolean): void {
    this.visible = visible;
    this.updateTimer();
  }

  /** Re-reads everything. */
  refreshAll(): void {
    this.cached = undefined;
    this.changed.fire(undefined);
  }

  /** The jobs the filter shows, newest first. */
  shownRecords(): JobRecord[] {
    return this.store.list().filter((r) => matchesFilter(r, this.viewState.filter));
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    if (node.kind === 'group') {
      const group = this.layout().groups.find((g) => g.key === node.key);
      return group === undefined ? new vscode.TreeItem('(empty)') : groupItem(group);
    }
    if (node.kind === 'run') {
      const part = this.layout().parts.get(node.key);
      return part === undefined ? new vscode.TreeItem('(removed)') : runItem(node.key, this.runViewOf(part));
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
      const takes = this.nested() ? this.layout().takes.takesOf(record.ref).length : 0;
      const team = this.store.teamInfo(record.ref);
      const fromCli = team === undefined && this.store.isExternal(record.ref);
      return jobItem(record, this.now(), this.store.watchProblem(record.ref), takes > 0, fromCli, team);
    }
    return childItem(record, node, this.now());
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (node === undefined) {
      const records = this.shownRecords();
      this.trackTicking(records);
      const pending = this.store.pending();
      this.nodes.keepPending(new Set(pending.map((p) => p.id)));
      const layout = this.layout();
      const top = this.nested()
        ? layout.top.map((item) => this.nodeOf(item))
        : layout.groups.map((g) => this.nodes.group(g.key));
      const intents = this.store.intents().map((i) => this.nodes.intent(i.id));
      return [...pending.map((p) => this.nodes.pending(p.id)), ...intents, ...top];
    }
    if (node.kind === 'group') {
      return (this.layout().groups.find((g) => g.key === node.key)?.items ?? []).map((item) =>
        this.nodeOf(item),
      );
    }
    if (node.kind === 'run') {
      return (this.layout().parts.get(node.key)?.records ?? []).map((r) => this.nodes.job(r.ref));
    }
    if (node.kind !== 'job') return [];
    const record = this.store.get(node.ref);
    if (record === undefined) return [];
    const children: TreeNode[] = [];
    if (errorView(record) !== undefined) children.push(this.nodes.error(node.ref));
    for (const view of artifactViews(record, this.now()))
      children.push(this.nodes.artifact(node.ref, view.key));
    if (this.nested()) {
      for (const take of this.layout().takes.takesOf(node.ref)) children.push(this.nodes.job(take.ref));
    }
    return children;
  }

  getParent(node: TreeNode): TreeNode | undefined {
    if (node.kind === 'group' || node.kind === 'pending' || node.kind === 'intent') return undefined;
    const layout = this.layout();
    const groupOf = (match: (item: JobsItem) => boolean) => {
      const found = layout.groups.find((g) => g.items.some(match));
      return found === undefined ? undefined : this.nodes.group(found.key);
    };
    if (node.kind === 'run') {
      return this.nested() ? undefined : groupOf((i) => i.kind === 'run' && i.key === node.key);
    }
    if (node.kind !== 'job') return this.nodes.job(node.ref);
    const run = layout.runOf.get(node.ref);
    if (run !== undefined) return this.nodes.run(run);
    if (this.nested()) {
      const source = layout.takes.parentOf(node.ref);
      return source === undefined ? undefined : this.nodes.job(source.ref);
    }
    return groupOf((i) => i.kind === 'job' && i.ref === node.ref);
  }

  /** The stable job node of `ref` (for `TreeView.reveal`). */
  jobNode(ref: string): TreeNode {
    return this.nodes.job(ref);
  }

  /** The node of a run as the tree shows it now (its first part when it is split), if it shows. */
  runNode(id: string): TreeNode | undefined {
    const part = [...this.layout().parts.values()].find((p) => p.runId === id);
    return part === undefined ? undefined : this.nodes.run(part.key);
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

  private nodeOf(item: JobsItem): TreeNode {
    return item.kind === 'job' ? this.nodes.job(item.ref) : this.nodes.run(item.key);
  }

  private layout(): TreeLayout {
    this.cached ??= buildLayout({
      records: this.store.list(),
      filter: this.viewState.filter,
      groupBy: this.viewState.groupBy,
      now: this.now(),
      runs: this.runs,
    });
    return this.cached;
  }

  private runViewOf(part: RunPart) {
    const view = runView(part.progress, { submitting: this.runs.isSending(part.runId), now: this.now() });
    if (part.progress === part.whole) return view;
    // One part of a run split over request-file groups: its own jobs, and how the whole run stands.
    return { ...view, description: `${view.description} · run ${part.whole.text}` };
  }

  private onJobChanged({ ref, record }: JobChange): void {
    this.cached = undefined;
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
    // The run it belongs to shows the new aggregate.
    if (record.runId !== undefined)
      for (const run of this.nodes.runNodes(record.runId)) this.changed.fire(run);
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
