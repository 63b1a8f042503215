import { CommanderError } from 'commander';
import type { CommandContext } from './commands/context.js';
import { EXIT, exitCodeForError } from './exit-codes.js';
import { describeError } from './output/format.js';
import { buildProgram } from './program.js';

/**
 * Runs `ltx-jobs` with `argv` (without node and script) and returns the exit code. Every error ends
 * here: one `error:` line (or one per request-file issue) on stderr and the code of its class.
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
    const text = describeError(error);
    if (code === EXIT.internal && error instanceof Error && process.env.LTX_JOBS_DEBUG) {
      context.io.stderr.write(`${error.stack ?? ''}\n`);
    }
    context.io.stderr.write(`${text.startsWith('error:') ? text : prefixLines(text)}\n`);
    return code;
  }
}

/** `error: ` before the first line; request-file issue lines follow as they are. */
function prefixLines(text: string): string {
  return `error: ${text}`;
}
