// `pnpm demo`: starts the simulator of both APIs in-process on 127.0.0.1 with demo-speed timings,
// runs the built CLI (`ltx-jobs submit examples/*.ltx.json --wait --out .demo/output`) against it in a
// child process, so you see its real progress output, then lists the downloaded files.
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatBytes } from '../packages/core/dist/index.js';
import { startSimulator } from '../packages/simulator/dist/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const demoDir = join(root, '.demo');
const outputDir = join(demoDir, 'output');
const home = join(demoDir, 'home');
const cli = join(root, 'apps', 'cli', 'dist', 'cli.js');

// A fresh ledger each run: the ledger refuses to submit an identical request twice.
rmSync(demoDir, { recursive: true, force: true });
mkdirSync(outputDir, { recursive: true });

const examples = readdirSync(join(root, 'examples'))
  .filter((name) => name.endsWith('.ltx.json'))
  .sort()
  .map((name) => join('examples', name));

// Slow enough to watch the progress, fast enough to finish in about ten seconds.
const sim = await startSimulator({ pendingMs: 1500, processingMs: 6000, progressSteps: 10 });
console.log(`Simulator of the LTX and useapi.net APIs listening on ${sim.url}`);
console.log(`$ ltx-jobs submit ${examples.join(' ')} --wait --out .demo/output\n`);

// The simulator's base URLs and keys (not secrets: it accepts only these), and a demo ledger.
const env = { ...process.env, ...sim.env, LTX_JOBS_HOME: home };
const args = [cli, 'submit', ...examples, '--wait', '--out', outputDir, '--poll-interval', '0.5'];
const child = spawn(process.execPath, args, { cwd: root, env, stdio: 'inherit' });
const code = await new Promise((resolve) =>
  child.on('exit', (c, signal) => resolve(c ?? (signal ? 130 : 1))),
);
await sim.close();

const files = readdirSync(outputDir).filter((name) => !name.startsWith('.'));
console.log(`\nltx-jobs exited with ${code}. Files in ${relative(root, outputDir)}/:`);
for (const name of files) {
  const { size } = statSync(join(outputDir, name));
  console.log(`  ${join(relative(root, outputDir), name)}  ${formatBytes(size)}`);
}
if (files.length === 0) console.log('  (none)');
console.log(
  `\nThe job ledger of this run is in ${relative(root, home)}/ (try: LTX_JOBS_HOME=${relative(root, home)} pnpm ltx-jobs list)`,
);
process.exitCode = code;
