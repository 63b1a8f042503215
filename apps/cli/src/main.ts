import type { CommandContext } from './commands/context.js';
import { EXIT, exitCodeForError } from './exit-codes.js';
import { describeError, errorTypeOf } from './output/format.js';

/**
 * Commands run without building the command-line parser when they come with no option at all
 * (issue 8: `ltx-jobs list` over 10,000 jobs within twice the start of node itself). The handler is
 * the one the parser calls; any other argv (an option, `--help`) goes through the parser.
 */
const QUICK: Readonly<Record<string, (context: CommandContext) => Promise<number>>> = {
  list: async (context) => (await import('./commands/ledger-views.js')).runList({}, context),
};

/** Commander's own errors (usage, --help, --version), by their code: commander loads only when parsing. */
function commanderExitCode(error: unknown): number | undefined {
  const { code, exitCode } = (error ?? {}) as { code?: unknown; exitCode?: unknown };
  return typeof code === 'string' && code.startsWith('commander.') && typeof exitCode === 'number'
    ? exitCode
    : undefined;
}

/**
 * Runs `ltx-jobs` with `argv` (without node and script) and returns the exit code. Every error that
 * stops a command ends here: `error: …` lines on stderr (one per request-file issue), the code of its
 * class, and with `--json` a `{ exitCode, jobs: [], error }` document on stdout.
 */
export async function main(argv: readonly string[], context: CommandContext): Promise<number> {
  const result = { exitCode: EXIT.ok as number };
  try {
    // With a team queue named in the environment (LTX_JOBS_QUEUE), `list` reads the queue: the parser's path.
    const team = Boolean(context.env.LTX_JOBS_QUEUE?.trim());
    const quick = argv.length === 1 && !team ? QUICK[argv[0] as string] : undefined;
    if (quick !== undefined) return await quick(context);
    const { buildProgram } = await import('./program.js');
    await buildProgram(context, result).parseAsync([...argv], { from: 'user' });
    return result.exitCode;
  } catch (error) {
    const commanderCode = commanderExitCode(error);
    if (commanderCode !== undefined) {
      // Help and --version end with exitCode 0; everything else commander rejects is a usage error.
      return commanderCode === 0 ? EXIT.ok : EXIT.badInput;
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
