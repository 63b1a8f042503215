import * as vscode from 'vscode';
import { downloadJob } from '../features/download-job.js';
import type { Services } from '../services/services.js';
import { countOf } from '../view-model/format.js';
import { jobTarget } from './job-arg.js';

/** ltxJobs.downloadArtifacts <job>: downloads the artifacts not on disk yet. */
export async function downloadArtifacts(services: Services, arg: unknown): Promise<void> {
  const { record } = jobTarget(services, arg);
  const downloads = await downloadJob(services, record.ref);
  vscode.window.setStatusBarMessage(`$(check) Downloaded ${countOf(downloads.length, 'artifact')}`, 5000);
}
