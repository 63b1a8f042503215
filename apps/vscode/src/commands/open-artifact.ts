import * as vscode from 'vscode';
import { downloadJob } from '../features/download-job.js';
import type { Services } from '../services/services.js';
import { downloadedPath, jobTarget, pickArtifact } from './job-arg.js';

/** ltxJobs.openArtifact <job|artifact>: opens the file in VS Code (MP4 in the built-in media preview), downloading it first if needed. */
export async function openArtifact(services: Services, arg: unknown): Promise<void> {
  const target = jobTarget(services, arg);
  const artifact = await pickArtifact(target, 'Artifact to open');
  let path = downloadedPath(target.record, artifact);
  if (path === undefined) {
    await downloadJob(services, target.record.ref);
    const record = services.store.get(target.record.ref);
    path = record === undefined ? undefined : downloadedPath(record, artifact);
  }
  if (path === undefined) throw new Error(`${artifact.label} could not be downloaded; see the log`);
  await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(path));
}
