#!/usr/bin/env node
/**
 * Runs the simulator on its own:
 *   node packages/simulator/dist/main.js [--port 4010] [--storage-port 0] [--pending-ms 2000]
 *     [--processing-ms 6000] [--retention-ms 86400000] [--progress-steps 4] [--fail-rate 0]
 *     [--concurrency-limit 2] [--cut-downloads] [--ltx-key sim-ltx-key] [--useapi-token sim-useapi-token]
 * Prints the base URLs and the env vars to export; stops on SIGINT / SIGTERM.
 */
import { parseArgs } from 'node:util';
import { startSimulator } from './simulator.js';

const USAGE = `Usage: node dist/main.js [options]
  --port N               API port (both APIs), default 4010 (0 = random)
  --storage-port N       storage host port (artifacts, uploads), default 0 (random)
  --pending-ms N         time a job stays pending, default 2000
  --processing-ms N      time a job stays processing/active, default 6000
  --retention-ms N       status and artifacts answer for N ms after a job ends, default 86400000
  --progress-steps N     useapi progress steps, default 4
  --fail-rate F          share of jobs (0-1) that fail with api_error, default 0
  --concurrency-limit N  running LTX jobs allowed at once (0 = off), default 2
  --cut-downloads        cut the first download of every artifact halfway
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
  if (!Number.isFinite(n) || n < 0 || n > max) {
    throw new Error(`--${name} must be a number between 0 and ${max}; got "${value}"`);
  }
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'storage-port': { type: 'string' },
      'pending-ms': { type: 'string' },
      'processing-ms': { type: 'string' },
      'retention-ms': { type: 'string' },
      'progress-steps': { type: 'string' },
      'fail-rate': { type: 'string' },
      'concurrency-limit': { type: 'string' },
      'cut-downloads': { type: 'boolean', default: false },
      'ltx-key': { type: 'string' },
      'useapi-token': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const limit = numberArg('concurrency-limit', values['concurrency-limit'], 2);
  const sim = await startSimulator({
    port: numberArg('port', values.port, 4010, 65535),
    storagePort: numberArg('storage-port', values['storage-port'], 0, 65535),
    pendingMs: numberArg('pending-ms', values['pending-ms'], 2000),
    processingMs: numberArg('processing-ms', values['processing-ms'], 6000),
    retentionMs: numberArg('retention-ms', values['retention-ms'], 24 * 60 * 60 * 1000),
    progressSteps: numberArg('progress-steps', values['progress-steps'], 4),
    failRate: numberArg('fail-rate', values['fail-rate'], 0, 1),
    ltxConcurrencyLimit: limit === 0 ? null : limit,
    cutDownloads: values['cut-downloads'],
    ...(values['ltx-key'] === undefined ? {} : { ltxApiKey: values['ltx-key'] }),
    ...(values['useapi-token'] === undefined ? {} : { useapiToken: values['useapi-token'] }),
  });
  console.log(`LTX simulator listening
  LTX API     ${sim.ltxBaseUrl}
  useapi API  ${sim.useapiBaseUrl}
  storage     ${sim.storageUrl}

Export these to point a client at it:`);
  for (const [name, value] of Object.entries(sim.env)) console.log(`  export ${name}=${value}`);
  console.log(
    '\nAdd [sim:fail=content_filtered_error] (and other [sim:...] directives) to a prompt for faults.',
  );
  console.log('Ctrl+C to stop.');
  const shutdown = (signal: string) => {
    console.log(`\n${signal}: stopping the simulator`);
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(`simulator: ${(error as Error).message}`);
  process.exit(1);
});
