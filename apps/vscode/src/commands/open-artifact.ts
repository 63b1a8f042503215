import * as vscode from 'vscode';
import type { Services } from '../services/services.js';
import { artifactFile, jobTarget, pickArtifact } from './job-arg.js';

/** ltxJobs.openArtifact <job|artifact>: opens the file in VS Code (MP4 in the built-in media preview), downloading it first if needed. */
export async function openArtifact(services: Services, arg: unknown): Promise<void> {
  const target = jobTarget(services, arg);
  const path = await artifactFile(services, target, await pickArtifact(target, 'Artifact to open'));
  await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(path));
}
