import { type Artifact, TAKE_ACTION_SPECS, type TakeAction, UsageError } from '@ltx-jobs/core';
import * as vscode from 'vscode';
import { ItemArgSchema, UriArgSchema } from '../commands/args.js';
import { orCancel } from '../commands/command-error.js';
import { artifactFile, type JobTarget, jobTarget } from '../commands/job-arg.js';
import type { Services } from '../services/services.js';

const EXTENSIONS = { video: ['mp4', 'mov', 'mkv'], image: ['png', 'jpg', 'jpeg', 'webp'] } as const;

/**
 * The local file a take starts from. The argument is a tree node or job ref (the job's video result,
 * downloaded first when needed), a gallery card (the same node shape), or a file (explorer). Without
 * one: the file open in front, else a file the user picks.
 */
export async function takeSourcePath(services: Services, action: TakeAction, arg: unknown): Promise<string> {
  const kind = TAKE_ACTION_SPECS[action].source;
  if (arg === undefined || arg === null) return activeOrPicked(kind);
  const item = ItemArgSchema.safeParse(arg);
  if (item.success) return resultFile(services, jobTarget(services, item.data), kind);
  const uri = UriArgSchema.safeParse(arg);
  if (uri.success) {
    if (uri.data.scheme !== 'file')
      throw new UsageError(`Takes start from files on disk, not ${uri.data.toString()}`);
    return uri.data.fsPath;
  }
  throw new UsageError(
    'A take starts from a video result (or an image file): pick one in the Jobs view, the gallery or the explorer',
  );
}

/** The job's result of the right kind on disk (downloading the job's artifacts when it is not). */
async function resultFile(services: Services, target: JobTarget, kind: 'video' | 'image'): Promise<string> {
  const artifacts = target.record.job?.artifacts ?? [];
  const { node } = target;
  const artifact: Artifact | undefined =
    node.kind === 'artifact'
      ? artifacts.find((a) => a.label === node.key)
      : artifacts.find((a) => isKind(a, kind));
  if (artifact === undefined || !isKind(artifact, kind)) {
    throw new UsageError(
      `Job ${target.record.name ?? target.record.ref} has no ${kind} result to start a take from`,
    );
  }
  return artifactFile(services, target, artifact);
}

function isKind(artifact: Artifact, kind: 'video' | 'image'): boolean {
  if (artifact.mimeType !== undefined) return artifact.mimeType.startsWith(`${kind}/`);
  return kind === 'video' ? /video/i.test(artifact.label) : /image|asset/i.test(artifact.label);
}

async function activeOrPicked(kind: 'video' | 'image'): Promise<string> {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  const active =
    input instanceof vscode.TabInputCustom || input instanceof vscode.TabInputText ? input.uri : undefined;
  const pattern = new RegExp(`\\.(${EXTENSIONS[kind].join('|')})$`, 'i');
  if (active?.scheme === 'file' && pattern.test(active.fsPath)) return active.fsPath;
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: 'Start a take from this file',
    filters: { [kind === 'video' ? 'Videos' : 'Images']: [...EXTENSIONS[kind]] },
  });
  return orCancel(picked?.[0]).fsPath;
}
