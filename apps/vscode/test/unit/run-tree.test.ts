import { type JobRecord, type PlannedJob, type RunRecord, runProgress } from '@ltx-jobs/core';
import { describe, expect, it } from 'vitest';
import { Listeners } from '../../src/services/listeners.js';
import { JobsTreeProvider, type RunSource } from '../../src/tree/jobs-tree.js';
import type { TreeNode } from '../../src/tree/tree-nodes.js';
import { fakeStore, viewStateOver } from './fake-store.js';
import { NOW, record, succeeded } from './records.js';

// The Jobs tree with runs: one node per run, its jobs below it (never also elsewhere), beside group-by
// and the state filter.
const FILE_A = 'file:///ws/shots/a.ltx.json';
const FILE_B = 'file:///ws/shots/b.ltx.json';

function planned(key: string, name: string, requestFile: string): PlannedJob {
  return {
    key,
    name,
    file: { provider: 'ltx', endpoint: 'text-to-video', request: { prompt: name } },
    baseDir: '/ws/shots',
    requestFile,
    inputHash: `hash-${key}`,
  };
}

const run: RunRecord = {
  v: 1,
  id: 'run-20261123-095000-a3f9',
  createdAt: '2026-11-23T09:50:00Z',
  name: '3 files in shots',
  kind: 'files',
  sources: [FILE_A, FILE_B],
  jobs: [planned('1:0:0', 'a-1', FILE_A), planned('1:0:1', 'a-2', FILE_A), planned('2:0:0', 'b-1', FILE_B)],
};

const inRun = (r: JobRecord, job: string, attempt = 1): JobRecord => ({
  ...r,
  runId: run.id,
  runJob: job,
  attempt,
});
const a1 = inRun(
  succeeded({ ref: 'ltx:text-to-video/a1', id: 'a1', name: 'a-1', requestFile: FILE_A }),
  '1:0:0',
);
const a2Failed = inRun(
  record(
    { ref: 'ltx:text-to-video/a2', id: 'a2', name: 'a-2', requestFile: FILE_A },
    { state: 'failed', error: { type: 'api_error', message: 'boom' } },
  ),
  '1:0:1',
);
const a2Again = inRun(
  record({ ref: 'ltx:text-to-video/a2b', id: 'a2b', name: 'a-2', requestFile: FILE_A }, { state: 'running' }),
  '1:0:1',
  2,
);
const b1 = inRun(
  succeeded({ ref: 'ltx:text-to-video/b1', id: 'b1', name: 'b-1', requestFile: FILE_B }),
  '2:0:0',
);
const plain = record(
  { ref: 'ltx:text-to-video/p', id: 'p', name: 'plain', submittedAt: '2026-11-23T09:55:00Z' },
  { state: 'running' },
);

function treeWithRun(records: JobRecord[]) {
  const fake = fakeStore(records);
  const changes = new Listeners<string | undefined>();
  const runs: RunSource = {
    list: () => [run],
    progress: (id) => (id === run.id ? runProgress(run, fake.store.list()) : undefined),
    isSending: () => false,
    onDidChange: (listener) => changes.add(listener),
  };
  const viewState = viewStateOver();
  const tree = new JobsTreeProvider(fake.store, viewState, () => NOW, runs);
  const fired: (TreeNode | undefined)[] = [];
  tree.onDidChangeTreeData((node) => fired.push(node));
  return { ...fake, tree, viewState, fired };
}

/** Every job ref the tree lists, anywhere. */
function allJobRefs(tree: JobsTreeProvider, nodes = tree.getChildren()): string[] {
  return nodes.flatMap((n) => [
    ...(n.kind === 'job' ? [n.ref] : []),
    ...(n.kind === 'group' || n.kind === 'run' ? allJobRefs(tree, tree.getChildren(n)) : []),
  ]);
}

describe('JobsTreeProvider: runs', () => {
  it('shows a run as one node with its aggregate progress and the latest attempt of each job below it', () => {
    const { tree } = treeWithRun([plain, a2Again, b1, a2Failed, a1]);
    const top = tree.getChildren();
    expect(top.map((n) => n.kind)).toEqual(['job', 'run']);
    const runNode = top[1]!;
    const item = tree.getTreeItem(runNode);
    expect(item.label).toBe('3 files in shots');
    expect(item.description).toBe('2/3 done, 1 running');
    expect(String(item.contextValue).split(' ')).toEqual(
      expect.arrayContaining(['run', 'runLive', 'runMissingFiles', 'runHasResults']),
    );
    const children = tree.getChildren(runNode);
    expect(children.map((n) => (n.kind === 'job' ? n.ref : ''))).toEqual([a1.ref, a2Again.ref, b1.ref]);
    expect(tree.getParent(children[1]!)).toBe(runNode);
    // the failed first attempt is not listed, and no job is listed twice
    expect(allJobRefs(tree).sort()).toEqual([plain.ref, a1.ref, a2Again.ref, b1.ref].sort());
    expect(tree.runNode(run.id)).toBe(runNode);
    tree.dispose();
  });

  it('grouped by request file, a run of two files shows its part in each file group; by day, whole', async () => {
    const { tree, viewState } = treeWithRun([plain, a2Again, b1, a2Failed, a1]);
    await viewState.setGroupBy('requestFile');
    const groups = tree.getChildren();
    expect(groups.map((g) => tree.getTreeItem(g).label)).toEqual([
      'sunset.ltx.json',
      'a.ltx.json',
      'b.ltx.json',
    ]);
    const [partA] = tree.getChildren(groups[1]);
    expect(partA?.kind).toBe('run');
    expect(tree.getTreeItem(partA!).description).toBe('1/2 done, 1 running · run 2/3 done, 1 running');
    expect(tree.getChildren(partA).map((n) => (n.kind === 'job' ? n.ref : ''))).toEqual([
      a1.ref,
      a2Again.ref,
    ]);
    expect(tree.getParent(partA!)).toBe(groups[1]);
    expect(tree.getTreeItem(groups[2]!).description).toBe('1 job');
    expect(allJobRefs(tree).sort()).toEqual([plain.ref, a1.ref, a2Again.ref, b1.ref].sort());

    await viewState.setGroupBy('day');
    const [today] = tree.getChildren();
    const rows = tree.getChildren(today);
    expect(rows.map((n) => n.kind)).toEqual(['job', 'run']);
    expect(tree.getTreeItem(rows[1]!).description).toBe('2/3 done, 1 running');
    expect(tree.getTreeItem(today!).description).toBe('4 jobs · 2 running');
    tree.dispose();
  });

  it('with a state filter a run shows only the jobs it lets through, and not at all without any', async () => {
    const { tree, viewState } = treeWithRun([plain, a2Again, b1, a2Failed, a1]);
    await viewState.setFilter(['succeeded']);
    const [runNode, ...rest] = tree.getChildren();
    expect(rest).toHaveLength(0);
    expect(tree.getChildren(runNode).map((n) => (n.kind === 'job' ? n.ref : ''))).toEqual([a1.ref, b1.ref]);
    await viewState.setFilter(['cancelled']);
    expect(tree.getChildren()).toHaveLength(0);
    tree.dispose();
  });

  it('a change of a run job redraws its row and the run node, not the whole tree', () => {
    const { tree, fired, change } = treeWithRun([plain, a2Again, b1, a2Failed, a1]);
    const [, runNode] = tree.getChildren();
    tree.getChildren(runNode);
    change(a2Again.ref, { ...a2Again, job: { ...a2Again.job!, state: 'succeeded' } });
    expect(fired.map((n) => n?.kind)).toEqual(['job', 'run']);
    expect(tree.getTreeItem(runNode!).description).toBe('3/3 done');
    tree.dispose();
  });
});
