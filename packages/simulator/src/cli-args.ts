import { parseArgs } from 'node:util';
import type { SimulatorOptions } from './options.js';

/** `--help` text of `dist/main.js`. */
export const USAGE = `Usage: node dist/main.js [options]
  --port N               API port (both APIs), default 4010 (0 = random)
  --storage-port N       storage host port (artifacts, uploads), default 0 (random)
  --pending-ms N         time a job stays pending, default 2000
  --processing-ms N      time a job stays processing/active, default 6000
  --retention-ms N       status and artifacts answer for N ms after a job ends, default 86400000
  --progress-steps N     useapi progress steps, default 4
  --fail-rate F          share of jobs (0-1) that fail with api_error, default 0
  --concurrency-limit N  running LTX jobs allowed at once (0 = off), default 2
  --rate-limit N         API requests per second per API, sliding 1 s window; past it 429 + Retry-After (0 = off), default 0
  --balance-usd N        prepaid LTX balance in USD; submits are charged their estimate, 402 when it runs out (default unlimited)
  --cut-downloads        cut the first download of every artifact halfway
  --accept-unknown       accept LTX model ids, sizes, fps and durations newer than the capability table
  --ltx-key KEY          LTX bearer token to accept, default sim-ltx-key
  --useapi-token TOKEN   useapi bearer token to accept, default sim-useapi-token
  --help                 this text`;

function numberArg(
  name: string,
  value: string | undefined,
  fallback: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > max) {
    throw new Error(`--${name} must be a number between 0 and ${max}; got "${value}"`);
  }
  return n;
}

/**
 * Reads the command line of `dist/main.js` into simulator options with demo-speed defaults
 * (pending 2000 ms, processing 6000 ms, port 4010).
 * @throws Error naming the flag for an unknown flag or a bad number.
 */
export function parseCliArgs(argv: string[]): { help: true } | { help: false; options: SimulatorOptions } {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      'storage-port': { type: 'string' },
      'pending-ms': { type: 'string' },
      'processing-ms': { type: 'string' },
      'retention-ms': { type: 'string' },
      'progress-steps': { type: 'string' },
      'fail-rate': { type: 'string' },
      'concurrency-limit': { type: 'string' },
      'rate-limit': { type: 'string' },
      'cut-downloads': { type: 'boolean', default: false },
      'balance-usd': { type: 'string' },
      'accept-unknown': { type: 'boolean', default: false },
      'ltx-key': { type: 'string' },
      'useapi-token': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return { help: true };
  const limit = numberArg('concurrency-limit', values['concurrency-limit'], 2);
  const rate = numberArg('rate-limit', values['rate-limit'], 0, 1_000_000);
  if (!Number.isInteger(rate))
    throw new Error(`--rate-limit must be a whole number; got "${values['rate-limit']}"`);
  return {
    help: false,
    options: {
      port: numberArg('port', values.port, 4010, 65535),
      storagePort: numberArg('storage-port', values['storage-port'], 0, 65535),
      pendingMs: numberArg('pending-ms', values['pending-ms'], 2000),
      processingMs: numberArg('processing-ms', values['processing-ms'], 6000),
      retentionMs: numberArg('retention-ms', values['retention-ms'], 24 * 60 * 60 * 1000),
      progressSteps: numberArg('progress-steps', values['progress-steps'], 4),
      failRate: numberArg('fail-rate', values['fail-rate'], 0, 1),
      ltxConcurrencyLimit: limit === 0 ? null : limit,
      rateLimit: rate === 0 ? null : rate,
      cutDownloads: values['cut-downloads'],
      ...(values['balance-usd'] === undefined
        ? {}
        : { balanceUsd: numberArg('balance-usd', values['balance-usd'], 0) }),
      acceptUnknownValues: values['accept-unknown'],
      ...(values['ltx-key'] === undefined ? {} : { ltxApiKey: values['ltx-key'] }),
      ...(values['useapi-token'] === undefined ? {} : { useapiToken: values['useapi-token'] }),
    },
  };
}
