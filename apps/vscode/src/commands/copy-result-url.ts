import * as vscode from 'vscode';
import type { Services } from '../services/services.js';
import { jobTarget, pickArtifact } from './job-arg.js';

/** ltxJobs.copyResultUrl <job|artifact>: copies the signed result URL (it expires; see the tree). */
export async function copyResultUrl(services: Services, arg: unknown): Promise<void> {
  const artifact = await pickArtifact(jobTarget(services, arg), 'Artifact whose URL to copy');
  await vscode.env.clipboard.writeText(artifact.url);
  const expiry = artifact.expiresAt !== undefined ? `; it expires ${artifact.expiresAt}` : '';
  vscode.window.setStatusBarMessage(`$(link) Copied the ${artifact.label} URL${expiry}`, 5000);
}
