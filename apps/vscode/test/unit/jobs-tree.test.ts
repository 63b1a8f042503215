import type { JobRecord } from '@ltx-jobs/core';
import { describe, expect, it } from 'vitest';
import type { JobChange, JobStore } from '../../src/services/job-store.js';
import { Listeners } from '../../src/services/listeners.js';
import { JobsTreeProvider } from '../../src/tree/jobs-tree.js';
import type { TreeNode } from '../../src/tree/tree-nodes.js';
import { NOW, record, succeeded } from './records.js';

/** The part of JobStore the tree reads, over a plain list the test changes. */
function fakeStore(initial: JobRecord[]) {
  let records = initial;
  const changes = new Listeners<JobChange>();
  const store = {
    list: () => records,
    get: (ref: string) => records.find((r) => r.ref === ref),
    onDidChange: (listener: (c: JobChange) => void) => changes.add(listener),
    watchError: () => undefined,
  } as unknown as JobStore;
  return {
    store,
    /** Replaces (or adds, or with `undefined` removes) one record and tells the tree. */
    change(ref: string, next: JobRecord | undefined) {
      const rest = records.filter((r) => r.ref !== ref);
      records = next === undefined ? rest : [next, ...rest];
      changes.fire({ ref, record: next });
    },
  };
}

function treeOver(records: JobRecord[]) {
  const fake = fakeStore(records);
  const tree = new JobsTreeProvider(fake.store, () => NOW);
  const fired: (TreeNode | undefined)[] = [];
  tree.onDidChangeTreeData((node) => fired.push(node));
  return { ...fake, tree, fired };
}

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
    expect(tree.getChildren().map((n) => n.ref)).toEqual([b.ref]);
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
    expect(artifactItem.label).toBe('sunset-c.mp4');
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
