import { quickList } from './commands/list-quick.js';
import { userDirectory } from './user-directory.js';

/**
 * What `ltx-jobs` runs first (dist/cli.js, CommonJS; see build.mjs). A bare `ltx-jobs list` (no
 * option, no team queue) is answered right here: issue 8 wants 10,000 jobs listed within twice the
 * start of node itself, and Node starts one CommonJS file faster than the ES-module entry and chunks
 * of the rest of the CLI. Everything else (and a list the quick way cannot answer, or fails on: the
 * full path then reports it) goes to that entry, src/cli.ts.
 */
async function launch(): Promise<void> {
  // `ltx-jobs list | head`: the reader went away. What is left to print is dropped, quietly; the
  // command itself goes on (a download in progress finishes).
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  const here = userDirectory(process.env, process.cwd());
  if (here !== process.cwd()) process.chdir(here);
  const argv = process.argv.slice(2);
  if (argv.length === 1 && argv[0] === 'list' && !process.env.LTX_JOBS_QUEUE?.trim()) {
    const io = { stdout: process.stdout, stderr: process.stderr };
    const code = await quickList({ io, env: process.env }).catch(() => undefined);
    if (code !== undefined) {
      process.exitCode = code;
      return;
    }
  }
  await import(ESM_ENTRY);
}

/** The ES-module entry, built beside this file (build.mjs). */
const ESM_ENTRY = './esm/cli.js';

void launch();
