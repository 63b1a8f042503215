// One team-queue worker process for the tests and the benchmark: what `ltx-jobs worker` runs, from the
// built packages. Args: <redis-url> <out-dir> <ltx-base-url> <slots> <poll-ms> <lock-ms> [useapi-base-url]
// (with the last, it serves useapi's queue too, with the same slots). Prints
// `ready` once it takes jobs; stops cleanly on SIGTERM.
import { createDeps, createLtxClient, createUseapiClient } from '@ltx-jobs/core';
import { startTeamWorker } from '../../dist/index.js';

const [url, outDir, ltxBaseUrl, slots, pollMs, lockMs, useapiBaseUrl] = process.argv.slice(2);
const deps = createDeps();
// Short request timeouts, so that a POST cut by a kill is known to be over soon (the simulator's
// held answers in the tests are shorter).
const REQUEST_TIMEOUT_MS = 4000;
const worker = await startTeamWorker({
  url,
  outDir,
  clients: {
    // No retry inside the client: a 429 pauses the whole queue instead (as `ltx-jobs worker` does).
    ltx: createLtxClient({
      apiKey: process.env.LTX_API_KEY ?? 'sim-ltx-key',
      baseUrl: ltxBaseUrl,
      deps,
      submitRetry: { maxRetries: 0 },
      timeoutMs: REQUEST_TIMEOUT_MS,
    }),
    ...(useapiBaseUrl
      ? {
          useapi: createUseapiClient({
            apiToken: process.env.USEAPI_API_TOKEN ?? 'sim-useapi-token',
            baseUrl: useapiBaseUrl,
            deps,
            submitRetry: { maxRetries: 0 },
            timeoutMs: REQUEST_TIMEOUT_MS,
          }),
        }
      : {}),
  },
  slots: { ltx: Number(slots), useapi: Number(slots) },
  pollIntervalMs: Number(pollMs),
  lockMs: Number(lockMs),
  requestTimeoutMs: REQUEST_TIMEOUT_MS,
  deps,
});
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  void worker.close().then(() => process.exit(0));
});
