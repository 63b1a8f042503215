import { type DownloadProgress, type DownloadRecord, UsageError, writeProvenance } from '@ltx-jobs/core';
import * as vscode from 'vscode';
import type { Services } from '../services/services.js';
import { defaultOutputDir } from '../services/settings.js';
import { countOf } from '../view-model/format.js';
import { displayName } from '../view-model/job-view.js';
import { overallPercent } from '../view-model/progress.js';
import { requireTrust } from './trust.js';

/**
 * Downloads every artifact of the job that is not on disk yet (core: atomic, resumable), with a
 * cancellable notification, and writes `<file>.ltx-job.json` beside each. Returns the record of
 * every artifact on disk.
 */
export async function downloadJob(services: Services, ref: string): Promise<DownloadRecord[]> {
  requireTrust('download artifacts');
  const record = services.store.get(ref);
  if (record === undefined) throw new UsageError(`Job ${ref} is not in the list any more`);
  const outputDir = record.outputDir ?? defaultOutputDir();
  if (outputDir === undefined) {
    throw new UsageError(
      'Open a folder (or set ltxJobs.outputFolder to an absolute path) to download artifacts',
    );
  }
  const count = record.job?.artifacts.length ?? 0;
  return Promise.resolve(
    vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Downloading LTX job "${displayName(record)}"`,
        cancellable: true,
      },
      async (progress, token) => {
        const controller = new AbortController();
        const subscription = token.onCancellationRequested(() => controller.abort());
        const seen = new Map<string, DownloadProgress>();
        let reported = 0;
        try {
          const downloads = await services.store.download(ref, {
            outputDir,
            signal: controller.signal,
            onProgress: (p) => {
              seen.set(p.label, p);
              const percent = overallPercent(seen, count);
              const mib = (p.receivedBytes / 1_048_576).toFixed(1);
              progress.report({
                message: `${p.label}: ${mib} MiB`,
                increment: Math.max(0, percent - reported),
              });
              reported = Math.max(reported, percent);
            },
          });
          const after = services.store.get(ref) ?? record;
          for (const download of downloads) await writeProvenance(after, download);
          services.logger.info(
            `Downloaded ${countOf(downloads.length, 'artifact')} of ${ref} to ${outputDir}`,
          );
          return downloads;
        } finally {
          subscription.dispose();
        }
      },
    ),
  );
}
