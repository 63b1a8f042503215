/** Tree elements are plain records; what they show comes from the view model at render time. */
export type TreeNode =
  | { kind: 'job'; ref: string }
  | { kind: 'artifact'; ref: string; key: string }
  | { kind: 'error'; ref: string };

/**
 * Keeps one element object per job / artifact so that `onDidChangeTreeData(element)` refreshes exactly
 * that node (VS Code matches elements by identity).
 */
export class NodeCache {
  private readonly jobs = new Map<string, TreeNode & { kind: 'job' }>();
  private readonly children = new Map<string, Map<string, TreeNode>>();

  job(ref: string): TreeNode & { kind: 'job' } {
    let node = this.jobs.get(ref);
    if (node === undefined) {
      node = { kind: 'job', ref };
      this.jobs.set(ref, node);
    }
    return node;
  }

  artifact(ref: string, key: string): TreeNode {
    return this.child(ref, `artifact:${key}`, () => ({ kind: 'artifact', ref, key }));
  }

  error(ref: string): TreeNode {
    return this.child(ref, 'error', () => ({ kind: 'error', ref }));
  }

  /** The cached job node, if the tree has shown it. */
  peekJob(ref: string): (TreeNode & { kind: 'job' }) | undefined {
    return this.jobs.get(ref);
  }

  forget(ref: string): void {
    this.jobs.delete(ref);
    this.children.delete(ref);
  }

  private child(ref: string, key: string, make: () => TreeNode): TreeNode {
    let map = this.children.get(ref);
    if (map === undefined) {
      map = new Map();
      this.children.set(ref, map);
    }
    let node = map.get(key);
    if (node === undefined) {
      node = make();
      map.set(key, node);
    }
    return node;
  }
}
