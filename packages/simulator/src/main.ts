#!/usr/bin/env node
/**
 * Runs the simulator on its own: `node packages/simulator/dist/main.js [--port 4010] [--pending-ms 2000]
 * [--processing-ms 6000] [--fail-rate 0] ...` (`--help` lists every flag). Prints the base URLs and the
 * env vars to export; stops on SIGINT / SIGTERM.
 */
import { parseCliArgs, USAGE } from './cli-args.js';
import { startSimulator } from './simulator.js';

async function main(): Promise<void> {
  const parsed = parseCliArgs(process.argv.slice(2));
  if (parsed.help) {
    console.log(USAGE);
    return;
  }
  const sim = await startSimulator(parsed.options);
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
