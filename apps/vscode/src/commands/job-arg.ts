import { type Artifact, type JobRecord, UsageError } from '@ltx-jobs/core';
import * as vscode from 'vscode';
import type { Services } from '../services/services.js';
import type { TreeNode } from '../tree/tree-nodes.js';
import { parseItemArg } from './args.js';
import { orCancel } from './command-error.js';

/** The node and the current record an item command works on. */
export interface JobTarget {
  node: TreeNode;
  record: JobRecord;
}

/** Parses an item command argument (tree node or ref string) and finds its record. */
export function jobTarget(services: Services, arg: unknown): JobTarget {
  const node = parseItemArg(arg);
  const record = services.store.get(node.ref);
  if (record === undefined) throw new UsageError(`Job ${node.ref} is not in the LTX Jobs list`);
  return { node, record };
}

/**
 * The artifact an item command means: the clicked artifact node, the job's only artifact, or one
 * the user picks.
 */
export async function pickArtifact(target: JobTarget, placeHolder: string): Promise<Artifact> {
  const artifacts = target.record.job?.artifacts ?? [];
  if (target.node.kind === 'artifact') {
    const key = target.node.key;
    const found = artifacts.find((a) => a.label === key);
    if (found === undefined) throw new UsageError(`Job ${target.record.ref} has no artifact ${key}`);
    return found;
  }
  if (artifacts.length === 0) throw new UsageError(`Job ${target.record.ref} has no result yet`);
  if (artifacts.length === 1) return artifacts[0]!;
  const picked = await vscode.window.showQuickPick(
    artifacts.map((a) => ({ label: a.label, description: a.mimeType ?? '', artifact: a })),
    { placeHolder },
  );
  return orCancel(picked).artifact;
}

/** The downloaded file of an artifact, if it is on disk. */
export function downloadedPath(record: JobRecord, artifact: Artifact): string | undefined {
  return record.downloads.find((d) => d.label === artifact.label)?.path;
}
