import type { JobRecord, SubmitIntentView } from '@ltx-jobs/core';
import { describe, expect, it } from 'vitest';
import { JobsTreeProvider } from '../../src/tree/jobs-tree.js';
import type { TreeNode } from '../../src/tree/tree-nodes.js';
import { fakeStore, viewStateOver } from './fake-store.js';
import { NOW, record, succeeded } from './records.js';

function treeOver(records: JobRecord[], viewState = viewStateOver()) {
  const fake = fakeStore(records);
  const tree = new JobsTreeProvider(fake.store, viewState, () => NOW);
  const fired: (TreeNode | undefined)[] = [];
  tree.onDidChangeTreeData((node) => fired.push(node));
  return { ...fake, tree, fired, viewState };
}

const refOf = (node: TreeNode | undefined) => (node !== undefined && 'ref' in node ? node.ref : undefined);

const a = record({ ref: 'ltx:text-to-video/a', id: 'a', name: 'alpha' }, { state: 'running', progress: 10 });
const b = record({ ref: 'ltx:text-to-video/b', id: 'b', name: 'beta' }, { state: 'running', progress: 50 });

describe('JobsTreeProvider', () => {
  it('refreshes only the job node that changed, with the same element it handed out', () => {
    const { tree, fired, change } = treeOver([a, b]);
    const [nodeA, nodeB] = tree.getChildren();
    change(b.ref, { ...b, job: { ...b.job!, progress: 60 } });
    expect(fired).toHaveLength(1);
    expect(fired[0]).toBe(nodeB);
    expect(fired[0]).not.toBe(nodeA);
    expect(tree.getTreeItem(nodeB!).description).toContain('60%');
    tree.dispose();
  });

  it('refreshes the root only when a job is added or removed', () => {
    const { tree, fired, change } = treeOver([a]);
    tree.getChildren();
    change(b.ref, b);
    change(a.ref, undefined);
    expect(fired).toEqual([undefined, undefined]);
    expect(tree.getChildren().map(refOf)).toEqual([b.ref]);
    tree.dispose();
  });

  it('shows a finished job expanded with its artifact children and a failed one with its error', () => {
    const done = succeeded({
      ref: 'ltx:text-to-video/c',
      downloads: [{ label: 'video_url', path: '/ws/ltx-output/sunset-c.mp4', bytes: 2048, completedAt: 'x' }],
    });
    const failed = record(
      { ref: 'ltx:text-to-video/f', id: 'f', name: 'filtered' },
      { state: 'failed', error: { type: 'content_filtered_error', message: 'Prompt was filtered' } },
    );
    const { tree } = treeOver([done, failed]);
    const [doneNode, failedNode] = tree.getChildren();
    const doneItem = tree.getTreeItem(doneNode!);
    expect(doneItem.collapsibleState).toBe(2);
    const [artifact] = tree.getChildren(doneNode);
    const artifactItem = tree.getTreeItem(artifact!);
    // labelled by kind; the file name and its size follow
    expect(artifactItem.label).toBe('video');
    expect(artifactItem.description).toBe('sunset-c.mp4 · 2.0 KiB');
    expect(artifactItem.contextValue).toContain('downloaded');
    expect(artifactItem.command).toMatchObject({ command: 'ltxJobs.openArtifact', arguments: [artifact] });
    expect(tree.getParent(artifact!)).toBe(doneNode);
    const [error] = tree.getChildren(failedNode);
    expect(tree.getTreeItem(error!)).toMatchObject({
      label: 'content_filtered_error',
      description: 'Prompt was filtered',
    });
    tree.dispose();
  });
});

describe('JobsTreeProvider: takes', () => {
  const source = succeeded({
    ref: 'ltx:text-to-video/s',
    id: 's',
    name: 'source',
    downloads: [{ label: 'video_url', path: '/ws/ltx-output/source-s.mp4', bytes: 1, completedAt: 'x' }],
  });
  const takeOf = (ref: string, file: string) => ({ ref, file, field: 'video_uri', chain: [] });
  const extend = record(
    {
      ref: 'ltx:extend/e',
      endpoint: 'extend',
      id: 'e',
      name: 'source-extend',
      parent: takeOf(source.ref, '/ws/ltx-output/source-s.mp4'),
    },
    { state: 'running' },
  );
  const retake = record(
    {
      ref: 'ltx:retake/r',
      endpoint: 'retake',
      id: 'r',
      name: 'source-extend-retake',
      parent: takeOf(extend.ref, '/ws/ltx-output/e.mp4'),
    },
    { state: 'queued' },
  );

  it('nests a take under its source (after the artifacts), and a take of a take one level deeper', () => {
    const { tree } = treeOver([retake, extend, source]);
    const roots = tree.getChildren();
    expect(roots.map(refOf)).toEqual([source.ref]);
    const children = tree.getChildren(roots[0]);
    expect(children.map((n) => n.kind)).toEqual(['artifact', 'job']);
    expect(refOf(children[1])).toBe(extend.ref);
    expect(tree.getTreeItem(roots[0]!).collapsibleState).toBe(2);
    expect(tree.getChildren(children[1]).map(refOf)).toEqual([retake.ref]);
    expect(tree.getParent(tree.jobNode(retake.ref))).toBe(tree.jobNode(extend.ref));
    expect(tree.getParent(tree.jobNode(extend.ref))).toBe(roots[0]);
    expect(tree.getParent(roots[0]!)).toBeUndefined();
    tree.dispose();
  });

  it('a take whose source was removed moves to the root', () => {
    const { tree, change } = treeOver([extend, source]);
    expect(tree.getChildren().map(refOf)).toEqual([source.ref]);
    change(source.ref, undefined);
    expect(tree.getChildren().map(refOf)).toEqual([extend.ref]);
    expect(tree.getParent(tree.jobNode(extend.ref))).toBeUndefined();
    tree.dispose();
  });

  it('a source job with a downloaded video offers takes (hasVideo / video tokens)', () => {
    const { tree } = treeOver([source]);
    const [root] = tree.getChildren();
    expect(String(tree.getTreeItem(root!).contextValue).split(' ')).toContain('hasVideo');
    const [artifact] = tree.getChildren(root);
    expect(String(tree.getTreeItem(artifact!).contextValue).split(' ')).toContain('video');
    tree.dispose();
  });
});

describe('JobsTreeProvider: a view that scales past a screen', () => {
  const done = succeeded({
    ref: 'ltx:text-to-video/c',
    id: 'c',
    name: 'gamma',
    requestFile: 'file:///ws/shots/gamma.ltx.json',
  });
  const failedJob = record(
    { ref: 'ltx:text-to-video/f', id: 'f', name: 'delta', requestFile: 'file:///ws/shots/gamma.ltx.json' },
    { state: 'failed', error: { type: 'api_error', message: 'boom' } },
  );

  it('shows a submit waiting for a slot as the first row', () => {
    const { tree, setPending } = treeOver([a, b]);
    setPending([
      {
        id: '1',
        name: 'third',
        provider: 'ltx',
        endpoint: 'text-to-video',
        phase: 'waiting-for-slot',
        running: 2,
        limit: 2,
        startedAt: NOW - 5000,
      },
    ]);
    const [first, ...rest] = tree.getChildren();
    expect(first).toEqual({ kind: 'pending', id: '1' });
    expect(rest.map(refOf)).toEqual([a.ref, b.ref]);
    const item = tree.getTreeItem(first!);
    expect(item.label).toBe('third');
    expect(item.description).toBe('waiting for a slot (2/2 running) · 5s');
    tree.dispose();
  });

  it('groups by request file and by day, and filters by state', async () => {
    const { tree, viewState } = treeOver([a, done, failedJob]);
    await viewState.setGroupBy('requestFile');
    const groups = tree.getChildren();
    expect(groups.map((g) => tree.getTreeItem(g).label)).toEqual(['sunset.ltx.json', 'gamma.ltx.json']);
    expect(tree.getTreeItem(groups[1]!).description).toBe('2 jobs');
    const inGamma = tree.getChildren(groups[1]);
    expect(inGamma.map(refOf)).toEqual([done.ref, failedJob.ref]);
    expect(tree.getParent(inGamma[0]!)).toBe(groups[1]);

    await viewState.setGroupBy('day');
    expect(tree.getChildren().map((g) => tree.getTreeItem(g).label)).toEqual(['Today']);

    await viewState.setGroupBy('none');
    await viewState.setFilter(['failed', 'running']);
    expect(tree.getChildren().map(refOf)).toEqual([a.ref, failedJob.ref]);
    tree.dispose();
  });
});

describe('JobsTreeProvider: interrupted submits', () => {
  const intent = (over: Partial<SubmitIntentView>): SubmitIntentView => ({
    v: 1,
    id: '0123456789abcdef',
    inputHash: 'h',
    provider: 'ltx',
    endpoint: 'text-to-video',
    name: 'lost-answer',
    claimedAt: '2026-11-23T09:59:00Z',
    postedAt: '2026-11-23T09:59:01Z',
    stage: 'interrupted',
    reason: 'the connection was reset after the request was sent',
    owner: { pid: 1, host: 'h' },
    exclusive: true,
    state: 'interrupted',
    recoverable: false,
    ...over,
  });

  it('shows "submit interrupted — may have been billed" above the jobs, and what to do in its tooltip', () => {
    const { tree, setIntents } = treeOver([a]);
    setIntents([intent({})]);
    const [first, second] = tree.getChildren();
    expect(first).toEqual({ kind: 'intent', id: '0123456789abcdef' });
    expect(refOf(second)).toBe(a.ref);
    const item = tree.getTreeItem(first!);
    expect(item.label).toBe('lost-answer');
    expect(item.description).toBe('submit interrupted — may have been billed');
    expect(item.contextValue).toBe('intent interrupted');
    const tooltip = (item.tooltip as { value: string }).value;
    expect(tooltip).toContain("LTX's API cannot list jobs");
    expect(tooltip).toContain('connection was reset');
    tree.dispose();
  });

  it('a useapi submit can be found again: its row offers Find Job', () => {
    const { tree, setIntents } = treeOver([]);
    setIntents([intent({ provider: 'useapi', endpoint: 'videos/ltx-create', recoverable: true })]);
    const [first] = tree.getChildren();
    expect(tree.getTreeItem(first!).contextValue).toBe('intent interrupted recoverable');
    tree.dispose();
  });
});
