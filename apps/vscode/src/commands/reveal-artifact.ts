import * as vscode from 'vscode';
import { downloadJob } from '../features/download-job.js';
import type { Services } from '../services/services.js';
import { downloadedPath, jobTarget, pickArtifact } from './job-arg.js';

/**
 * The command that shows a file: the OS file manager on desktop (`revealFileInOS`), VS Code's
 * explorer when the extension host is remote or the UI is a browser (code-server, SSH, WSL).
 */
export function revealCommand(env: { remoteName: string | undefined; uiKind: vscode.UIKind }): string {
  return env.remoteName !== undefined || env.uiKind === vscode.UIKind.Web
    ? 'revealInExplorer'
    : 'revealFileInOS';
}

/** ltxJobs.revealArtifact <job|artifact>: reveals the downloaded file (downloading it first if needed). */
export async function revealArtifact(services: Services, arg: unknown): Promise<void> {
  const target = jobTarget(services, arg);
  const artifact = await pickArtifact(target, 'Artifact to reveal');
  let path = downloadedPath(target.record, artifact);
  if (path === undefined) {
    await downloadJob(services, target.record.ref);
    const record = services.store.get(target.record.ref);
    path = record === undefined ? undefined : downloadedPath(record, artifact);
  }
  if (path === undefined) throw new Error(`${artifact.label} could not be downloaded; see the log`);
  await vscode.commands.executeCommand(revealCommand(vscode.env), vscode.Uri.file(path));
}
