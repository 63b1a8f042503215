import {
  type CoreJobRunner,
  createDeps,
  createFileLedgerStore,
  createJobRunner,
  createLedger,
  createLtxClient,
  createUseapiClient,
  type JobRecord,
  type ProviderClient,
  type ProviderName,
  type SubmitIntentView,
  silentLogger,
  USEAPI_DEPRECATION_NOTICE,
} from '@ltx-jobs/core';
import { type CliConfig, requireKey } from './config.js';
import { ledgerPath } from './env.js';
import { createStderrLogger } from './output/logger.js';
import type { Io } from './output/print-run.js';

export { LEDGER_FILE, ledgerPath } from './env.js';

/**
 * Builds the core's runner over the file ledger in `config.home`, with a client for each provider
 * in `providers` (their keys must be set). All API, polling and download work happens in there.
 * @param pollIntervalSeconds seconds between status reads; default: the core's.
 */
export async function openRunner(
  config: CliConfig,
  providers: readonly ProviderName[],
  log: (line: string) => void,
  pollIntervalSeconds?: number,
): Promise<CoreJobRunner> {
  const deps = createDeps({ logger: createStderrLogger(log, config.debug) });
  const clients: Partial<Record<ProviderName, ProviderClient>> = {};
  for (const provider of providers) {
    const key = requireKey(config, provider);
    clients[provider] =
      provider === 'ltx'
        ? createLtxClient({ apiKey: key, baseUrl: config.ltx.baseUrl, deps })
        : createUseapiClient({ apiToken: key, baseUrl: config.useapi.baseUrl, deps });
  }
  return createJobRunner({
    clients,
    store: createFileLedgerStore(ledgerPath(config.home)),
    deps,
    ...(config.ltx.concurrentJobs === undefined
      ? {}
      : { limits: { ltx: { concurrentJobs: config.ltx.concurrentJobs } } }),
    ...(pollIntervalSeconds === undefined ? {} : { pollIntervalMs: Math.round(pollIntervalSeconds * 1000) }),
    ...(config.maxUnsizedDownloadBytes === undefined
      ? {}
      : { downloads: { maxUnsizedBytes: config.maxUnsizedDownloadBytes } }),
  });
}

/**
 * Every record of the ledger in `home`, newest first, and where the ledger lives. Needs no key and no
 * valid base URL: the ledger can always be read.
 */
export async function readLedger(
  home: string,
): Promise<{ records: JobRecord[]; intents: SubmitIntentView[]; location: string }> {
  const store = createFileLedgerStore(ledgerPath(home));
  const ledger = await createLedger(store, { logger: silentLogger });
  return { records: ledger.list(), intents: ledger.intents(), location: store.path };
}

let noticeShown = false;

/** Prints useapi's deprecation notice on stderr, once per process, when a useapi job is involved. */
export function noticeDeprecations(providers: readonly ProviderName[], io: Io): void {
  if (noticeShown || !providers.includes('useapi')) return;
  noticeShown = true;
  io.stderr.write(`notice: ${USEAPI_DEPRECATION_NOTICE}\n`);
}
