import * as vscode from 'vscode';
import type { Services } from '../services/services.js';
import { artifactFile, jobTarget, pickArtifact } from './job-arg.js';

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
  const path = await artifactFile(services, target, await pickArtifact(target, 'Artifact to reveal'));
  await vscode.commands.executeCommand(revealCommand(vscode.env), vscode.Uri.file(path));
}
