import { resolve } from 'node:path';
import { parseJobRef } from '@ltx-jobs/core';
import { parseArgs, WatchArgsSchema } from '../args.js';
import { loadConfig, requireKey } from '../config.js';
import { recordStateText } from '../output/format.js';
import { printRun } from '../output/print-run.js';
import { createProgressReporter } from '../output/progress.js';
import { noticeDeprecations, openRunner } from '../services.js';
import type { CommandContext } from './context.js';
import { followJob } from './follow-job.js';
import { jobArg } from './job-arg.js';
import { DEFAULT_OUTPUT_FOLDER } from './submit.js';

/**
 * `ltx-jobs watch <job>`: a job already in the ledger (by ref, `latest`, name or id prefix) resumes
 * from its record (and downloads what is missing); an unknown full ref is tracked first. Returns the
 * job's exit code.
 */
export async function runWatch(raw: Record<string, unknown>, context: CommandContext): Promise<number> {
  const args = parseArgs(WatchArgsSchema, raw);
  const { ref } = await jobArg(args.ref, context);
  const parsed = parseJobRef(ref);
  const config = loadConfig(context.env);
  requireKey(config, parsed.provider);
  noticeDeprecations([parsed.provider], context.io);

  const reporter = createProgressReporter(context.progressStream, { bars: true });
  const runner = await openRunner(config, [parsed.provider], (line) => reporter.log(line), args.pollInterval);
  try {
    const known = runner.get(ref);
    const outputDir = args.out ? resolve(args.out) : undefined;
    if (known) {
      reporter.started(ref, known.name ?? ref);
      reporter.log(`${known.name ?? ref}: resuming ${ref} from the ledger (${recordStateText(known)})`);
    } else {
      const record = await runner.track(parsed, {
        outputDir: outputDir ?? resolve(DEFAULT_OUTPUT_FOLDER),
      });
      reporter.started(ref, record.name ?? ref);
      reporter.log(`${ref}: not in the ledger yet; tracking it`);
    }
    const job = await followJob(ref, {
      runner,
      reporter,
      signal: context.interrupt.signal,
      ...(outputDir === undefined ? {} : { outputDir }),
      ...(args.timeout === undefined ? {} : { deadline: Date.now() + args.timeout * 1000 }),
    });
    reporter.stop();
    const exitCode = job.exitCode ?? 0;
    printRun({ exitCode, jobs: [job] }, args.json, context.io);
    return exitCode;
  } finally {
    reporter.stop();
    runner.dispose();
  }
}
