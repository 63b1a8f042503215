import { type JobRecord, writeProvenance } from '@ltx-jobs/core';
import * as vscode from 'vscode';
import { requireTrust } from '../features/trust.js';
import type { Services } from '../services/services.js';
import { defaultOutputDir } from '../services/settings.js';
import { countOf } from '../view-model/format.js';
import { runIdOf } from './run-commands.js';

/** Downloads of a run at once (each atomic and resumable in the core). */
const AT_ONCE = 3;

/**
 * ltxJobs.downloadRun (Download All): downloads every artifact of the run's succeeded jobs that is not
 * on disk yet, a few at a time, in one cancellable notification, and writes `<file>.ltx-job.json`
 * beside each. One job's failed download stops nothing else; the message counts them.
 */
export async function downloadRun(services: Services, arg: unknown): Promise<void> {
  requireTrust('download artifacts');
  const id = runIdOf(services, arg);
  const name = services.runs.get(id)?.name ?? id;
  const done = services.runs.records(id).filter((r) => r.job?.state === 'succeeded');
  if (done.length === 0) {
    void vscode.window.showInformationMessage(`LTX run "${name}": no job has finished yet.`);
    return;
  }
  const failed: { record: JobRecord; error: unknown }[] = [];
  let files = 0;
  await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `Downloading LTX run "${name}"`,
      cancellable: true,
    },
    async (progress, token) => {
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => controller.abort());
      const queue = [...done];
      let finished = 0;
      const worker = async () => {
        for (let record = queue.shift(); record !== undefined; record = queue.shift()) {
          if (controller.signal.aborted) break;
          try {
            const outputDir = record.outputDir ?? defaultOutputDir();
            const downloads = await services.store.download(record.ref, {
              ...(outputDir === undefined ? {} : { outputDir }),
              signal: controller.signal,
            });
            const after = services.store.get(record.ref) ?? record;
            for (const download of downloads) await writeProvenance(after, download);
            files += downloads.length;
          } catch (error) {
            failed.push({ record, error });
          }
          finished++;
          progress.report({ message: `${finished}/${done.length} jobs`, increment: 100 / done.length });
        }
      };
      try {
        await Promise.all(Array.from({ length: Math.min(AT_ONCE, done.length) }, worker));
      } finally {
        subscription.dispose();
      }
    },
  );
  const text = `LTX run "${name}": ${countOf(files, 'file')} of ${countOf(done.length, 'finished job')} on disk`;
  services.logger.info(text);
  for (const f of failed) services.logger.error(`Download of ${f.record.ref} failed: ${String(f.error)}`);
  if (failed.length === 0) {
    void vscode.window.showInformationMessage(text);
    return;
  }
  void vscode.window
    .showWarningMessage(`${text}; ${failed.length} could not be downloaded.`, 'Show Output')
    .then((choice) => {
      if (choice === 'Show Output') services.log.show(true);
    });
}
