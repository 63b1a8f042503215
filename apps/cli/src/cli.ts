import { main } from './main.js';
import { listenForInterrupt } from './signals.js';
import { userDirectory } from './user-directory.js';

// The entry point: wires the real process into `main` and sets the exit code.
const here = userDirectory(process.env, process.cwd());
if (here !== process.cwd()) process.chdir(here);
const interrupt = listenForInterrupt();
const code = await main(process.argv.slice(2), {
  io: { stdout: process.stdout, stderr: process.stderr },
  progressStream: process.stderr,
  env: process.env,
  interrupt,
});
interrupt.dispose();
process.exitCode = code;
