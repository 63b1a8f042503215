import { type Artifact, type JobRecord, UsageError } from '@ltx-jobs/core';
import * as vscode from 'vscode';
import { downloadJob } from '../features/download-job.js';
import type { Services } from '../services/services.js';
import { fileExists } from '../services/workspace-files.js';
import { teamFileMessage } from '../team/team-row.js';
import type { JobNode } from '../tree/tree-nodes.js';
import { parseItemArg } from './args.js';
import { orCancel } from './command-error.js';

/** The node and the current record an item command works on. */
export interface JobTarget {
  node: JobNode;
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

/**
 * The file of `artifact` on disk. When it was never downloaded, or the recorded file is gone (the
 * user deleted or moved it), the job's artifacts are downloaded (again) first.
 * @throws when the download did not produce the file
 */
export async function artifactFile(
  services: Services,
  target: JobTarget,
  artifact: Artifact,
): Promise<string> {
  const recorded = downloadedPath(target.record, artifact);
  if (recorded !== undefined && (await fileExists(vscode.Uri.file(recorded)))) return recorded;
  // A team job's files are the worker's to save, in the shared folder: say where they are.
  const team = services.store.teamInfo(target.record.ref);
  if (team !== undefined) throw new UsageError(teamFileMessage(target.record, team, artifact.label));
  await downloadJob(services, target.record.ref);
  const record = services.store.get(target.record.ref);
  const path = record === undefined ? undefined : downloadedPath(record, artifact);
  if (path === undefined) throw new Error(`${artifact.label} could not be downloaded; see the log`);
  return path;
}
