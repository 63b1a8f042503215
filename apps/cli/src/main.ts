import { CommanderError } from 'commander';
import type { CommandContext } from './commands/context.js';
import { EXIT, exitCodeForError } from './exit-codes.js';
import { describeError, errorTypeOf } from './output/format.js';
import { buildProgram } from './program.js';

/**
 * Runs `ltx-jobs` with `argv` (without node and script) and returns the exit code. Every error that
 * stops a command ends here: `error: …` lines on stderr (one per request-file issue), the code of its
 * class, and with `--json` a `{ exitCode, jobs: [], error }` document on stdout.
 */
export async function main(argv: readonly string[], context: CommandContext): Promise<number> {
  const result = { exitCode: EXIT.ok as number };
  try {
    await buildProgram(context, result).parseAsync([...argv], { from: 'user' });
    return result.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and --version end with exitCode 0; everything else commander rejects is a usage error.
      return error.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    }
    const code = exitCodeForError(error);
    const message = describeError(error);
    const debug = Boolean(context.env.LTX_JOBS_DEBUG) && context.env.LTX_JOBS_DEBUG !== '0';
    if (code === EXIT.internal && error instanceof Error && debug) {
      context.io.stderr.write(`${error.stack ?? ''}\n`);
    }
    context.io.stderr.write(`${message.replace(/^/gm, 'error: ')}\n`);
    if (argv.includes('--json')) {
      const document = { exitCode: code, jobs: [], error: { type: errorTypeOf(error), message } };
      context.io.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
    }
    return code;
  }
}
