import { isAbortError, isTerminal, type JobRecord, type ProviderName } from '@ltx-jobs/core';
import { type CliConfig, hasKey } from '../config.js';
import { describeError } from '../output/format.js';
import { openRunner } from '../services.js';

/** What {@link refreshRecords} did. */
export interface RefreshResult {
  /** Every record of the ledger after the reads, newest first. */
  records: JobRecord[];
  /** Jobs read from their provider. */
  read: number;
  /** Providers of live jobs that were not read because their key is not set. */
  skipped: ProviderName[];
  /** Jobs whose read failed, with why. */
  failed: { ref: string; message: string }[];
}

/** Pause between reads of one job while refreshing: long enough that no job is read twice (1 h). */
const ONE_READ_INTERVAL_SECONDS = 3600;

/**
 * Reads the provider ONCE for each of `records` that is not terminal, through the core runner, so
 * the reads share the provider's request budget (2 per second by default) and every answer is
 * written to the ledger. A job whose provider has no key is left as the ledger has it (its provider
 * is listed in `skipped`). `signal` (Ctrl-C) stops the reads; what was read is kept.
 */
export async function refreshRecords(
  config: CliConfig,
  records: readonly JobRecord[],
  log: (line: string) => void,
  signal: AbortSignal,
): Promise<RefreshResult> {
  const live = records.filter((r) => !isTerminal(r.job?.state ?? 'queued'));
  const providers = [...new Set(live.map((r) => r.provider))];
  const keyed = providers.filter((p) => hasKey(config, p));
  const skipped = providers.filter((p) => !hasKey(config, p));
  const toRead = live.filter((r) => keyed.includes(r.provider));
  if (toRead.length === 0) return { records: [...records], read: 0, skipped, failed: [] };

  const runner = await openRunner(config, keyed, log, ONE_READ_INTERVAL_SECONDS);
  const failed: RefreshResult['failed'] = [];
  let read = 0;
  // Room for every read at the default budget, plus a slow answer; a job not answered by then is
  // reported, never read a second time.
  const deadline = Date.now() + 15_000 + toRead.length * 600;
  try {
    await Promise.all(
      toRead.map(async (record) => {
        const once = new AbortController();
        let replayed = record.job === undefined;
        try {
          const outcome = await runner.watch(record.ref, {
            signal: AbortSignal.any([once.signal, signal]),
            deadline,
            readNow: true,
            onUpdate: () => {
              // The first call replays the ledger's state; the next one is the provider's answer.
              if (!replayed) replayed = true;
              else once.abort();
            },
          });
          if (outcome.end === 'terminal') read++;
          else
            failed.push({ ref: record.ref, message: 'no answer in time; the ledger keeps its last state' });
        } catch (error) {
          if (isAbortError(error) && once.signal.aborted && !signal.aborted) read++;
          else if (!isAbortError(error)) failed.push({ ref: record.ref, message: describeError(error) });
        }
        // Reading is not watching: keep the user's "stopped watching" as it was.
        if (!record.watching) await runner.stopWatching(record.ref);
      }),
    );
    return { records: runner.list(), read, skipped, failed };
  } finally {
    runner.dispose();
  }
}
