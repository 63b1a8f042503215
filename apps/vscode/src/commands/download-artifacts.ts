import * as vscode from 'vscode';
import { downloadJob } from '../features/download-job.js';
import type { Services } from '../services/services.js';
import { countOf } from '../view-model/format.js';
import { selectedArgs } from './args.js';
import { jobTarget } from './job-arg.js';

/** ltxJobs.downloadArtifacts <job> [selection]: downloads the artifacts not on disk yet, of each selected job. */
export async function downloadArtifacts(services: Services, arg: unknown, selected?: unknown): Promise<void> {
  const records = selectedArgs(arg, selected).map((one) => jobTarget(services, one).record);
  // One job: the core says why it cannot be downloaded; several: the ones without a result are skipped.
  const downloadable = records.length === 1 ? records : records.filter((r) => r.job?.state === 'succeeded');
  let files = 0;
  for (const record of downloadable) files += (await downloadJob(services, record.ref)).length;
  const skipped = records.length - downloadable.length;
  const note = skipped > 0 ? ` (${countOf(skipped, 'job')} without a result skipped)` : '';
  vscode.window.setStatusBarMessage(`$(check) ${countOf(files, 'artifact')} on disk${note}`, 5000);
}
