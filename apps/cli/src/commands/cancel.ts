import { UsageError } from '@ltx-jobs/core';
import { CancelArgsSchema, parseArgs } from '../args.js';
import { loadConfig, requireKey } from '../config.js';
import { EXIT } from '../exit-codes.js';
import { recordStateText } from '../output/format.js';
import { summaryFromRecord } from '../output/summary.js';
import { noticeDeprecations, openRunner } from '../services.js';
import type { CommandContext } from './context.js';
import { jobArg } from './job-arg.js';

/**
 * `ltx-jobs cancel <job>`: cancels a useapi job at its scheduler and records it as `cancelled`. LTX's
 * API has no cancel: an LTX job is refused with a message (exit 2). A job that had already ended is
 * reported as such (exit 0; nothing was cancelled).
 */
export async function runCancel(raw: Record<string, unknown>, context: CommandContext): Promise<number> {
  const args = parseArgs(CancelArgsSchema, raw);
  const found = await jobArg(args.ref, context);
  if (!found.record) {
    throw new UsageError(`${found.ref} is not in the ledger (${found.location}); nothing to cancel`);
  }
  if (found.record.provider === 'ltx') {
    throw new UsageError(
      `LTX jobs cannot be cancelled: LTX's API has no cancel, so ${found.ref} runs to its end (and is billed). ` +
        'Ctrl-C in "ltx-jobs watch" only stops following it.',
    );
  }
  const config = loadConfig(context.env);
  requireKey(config, found.record.provider);
  noticeDeprecations([found.record.provider], context.io);
  const runner = await openRunner(config, [found.record.provider], (line) =>
    context.io.stderr.write(`${line}\n`),
  );
  try {
    const result = await runner.cancel(found.ref);
    const { record } = result;
    if (args.json) {
      const summary = { ...summaryFromRecord(record), outcome: result.outcome };
      context.io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    } else if (result.outcome === 'cancelled') {
      context.io.stdout.write(`${record.ref} cancelled\n`);
    } else {
      context.io.stdout.write(`${record.ref} ${recordStateText(record)}\n`);
      context.io.stderr.write(
        `The job had already ended (${recordStateText(record)}) before the cancel; nothing was cancelled\n`,
      );
    }
    return EXIT.ok;
  } finally {
    runner.dispose();
  }
}
