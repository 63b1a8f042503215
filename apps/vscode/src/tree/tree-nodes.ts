/** Tree elements are plain records; what they show comes from the view model at render time. */
export type TreeNode =
  | { kind: 'job'; ref: string }
  | { kind: 'artifact'; ref: string; key: string }
  | { kind: 'error'; ref: string }
  | { kind: 'group'; key: string }
  | { kind: 'pending'; id: string }
  | { kind: 'intent'; id: string }
  /** A run (or, grouped by request file, the part of it from one file): see `RunPart.key`. */
  | { kind: 'run'; key: string };

/** A node that belongs to one job (its row, an artifact, its error). */
export type JobNode = Extract<TreeNode, { ref: string }>;

/**
 * Keeps one element object per job / artifact / group / pending submit so that
 * `onDidChangeTreeData(element)` refreshes exactly that node (VS Code matches elements by identity).
 */
export class NodeCache {
  private readonly jobs = new Map<string, TreeNode & { kind: 'job' }>();
  private readonly children = new Map<string, Map<string, TreeNode>>();
  private readonly groups = new Map<string, TreeNode & { kind: 'group' }>();
  private readonly pendings = new Map<string, TreeNode & { kind: 'pending' }>();
  private readonly intents = new Map<string, TreeNode & { kind: 'intent' }>();
  private readonly runs = new Map<string, TreeNode & { kind: 'run' }>();

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

  group(key: string): TreeNode & { kind: 'group' } {
    let node = this.groups.get(key);
    if (node === undefined) {
      node = { kind: 'group', key };
      this.groups.set(key, node);
    }
    return node;
  }

  pending(id: string): TreeNode & { kind: 'pending' } {
    let node = this.pendings.get(id);
    if (node === undefined) {
      node = { kind: 'pending', id };
      this.pendings.set(id, node);
    }
    return node;
  }

  /** The row of a submit without a job id that this window is not making (interrupted, or elsewhere). */
  intent(id: string): TreeNode & { kind: 'intent' } {
    let node = this.intents.get(id);
    if (node === undefined) {
      node = { kind: 'intent', id };
      this.intents.set(id, node);
    }
    return node;
  }

  /** The node of a run, or of one part of it (`RunPart.key`). */
  run(key: string): TreeNode & { kind: 'run' } {
    let node = this.runs.get(key);
    if (node === undefined) {
      node = { kind: 'run', key };
      this.runs.set(key, node);
    }
    return node;
  }

  /** The cached nodes of a run (the whole run, or each of its parts). */
  runNodes(runId: string): (TreeNode & { kind: 'run' })[] {
    return [...this.runs.values()].filter((n) => n.key === runId || n.key.startsWith(`${runId}|`));
  }

  /** The cached job node, if the tree has shown it. */
  peekJob(ref: string): (TreeNode & { kind: 'job' }) | undefined {
    return this.jobs.get(ref);
  }

  /** The cached pending nodes (to tick their waiting time). */
  pendingNodes(): (TreeNode & { kind: 'pending' })[] {
    return [...this.pendings.values()];
  }

  forget(ref: string): void {
    this.jobs.delete(ref);
    this.children.delete(ref);
  }

  /** Drops pending nodes whose submit is gone. */
  keepPending(ids: ReadonlySet<string>): void {
    for (const id of this.pendings.keys()) if (!ids.has(id)) this.pendings.delete(id);
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
