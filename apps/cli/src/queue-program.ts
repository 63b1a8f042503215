import { UsageError } from '@ltx-jobs/core';
import { type Command, Option } from 'commander';
import type { CommandContext } from './commands/context.js';
import { queueUrlOf } from './commands/queue-args.js';
import { type Examples, examplesHelp } from './help.js';

type Handler = (raw: Record<string, unknown>, context: CommandContext) => Promise<number>;
type QueueHandler = (raw: Record<string, unknown>, context: CommandContext, url: string) => Promise<number>;

/** `--queue <url>`: the team queue a command enqueues to and reads from (else `LTX_JOBS_QUEUE`). */
export function queueOption(): Option {
  return new Option(
    '--queue <url>',
    'use the team queue at redis://[user:password@]host:port instead of this machine (env LTX_JOBS_QUEUE)',
  );
}

// The team-queue commands (BullMQ and its Redis client) load only when a queue is named: a plain
// `ltx-jobs list` never loads them.
const queue = () => import('./commands/queue-views.js');

/** The team-queue variant of each command that takes `--queue`. */
export const QUEUE_HANDLERS: Record<
  'submit' | 'list' | 'status' | 'watch' | 'runStatus' | 'runResume',
  QueueHandler
> = {
  submit: async (raw, context, url) =>
    (await import('./commands/queue-submit.js')).runQueueSubmit(raw, context, url),
  list: async (raw, context, url) => (await queue()).runQueueList(raw, context, url),
  status: async (raw, context, url) => (await queue()).runQueueStatus(raw, context, url),
  watch: async (raw, context, url) => (await queue()).runQueueWatch(raw, context, url),
  runStatus: async (raw, context, url) => (await queue()).runQueueRunStatus(raw, context, url),
  runResume: async (raw, context, url) =>
    (await import('./commands/queue-run-resume.js')).runQueueRunResume(raw, context, url),
};

/**
 * A handler that runs `local` as always, or `team` when `--queue` or `LTX_JOBS_QUEUE` names a team
 * queue (a `submit --dry-run` stays local: it sends nothing anyway).
 */
export function orQueue(local: Handler, team: QueueHandler): Handler {
  return (raw, context) => {
    const url = queueUrlOf(raw, context.env);
    if (url === undefined || raw.dryRun === true) {
      const { queue: _ignored, ...rest } = raw;
      return local(rest, context);
    }
    return team(raw, context, url);
  };
}

/** Declares `worker` and `queue status`. */
export function addQueueCommands(
  program: Command,
  run: (handler: Handler, raw: Record<string, unknown>) => Promise<void>,
): void {
  const help = (command: Command, examples: Examples) => command.addHelpText('after', examplesHelp(examples));
  const json = () => new Option('--json', 'print a machine-readable summary on stdout');
  help(
    program
      .command('worker')
      .description(
        "run the team queue's jobs: submit, follow and download them into a shared folder, until Ctrl-C",
      )
      .addOption(queueOption())
      .option('--out <dir>', 'the shared folder every artifact lands in (required)')
      .option(
        '--slots <n>',
        "the LTX account's concurrent generations (default LTX_JOBS_LTX_CONCURRENCY, else 2)",
      )
      .option('--poll-interval <seconds>', 'seconds between status reads of a job (default 5)')
      .option(
        '--lock-timeout <seconds>',
        "seconds before a dead worker's jobs are resumed by another (default 30)",
      )
      .option(
        '--interrupted-hold <minutes>',
        'minutes an LTX job whose submit was cut off keeps its account slot: it may be generating (default 15)',
      )
      .action((options: Record<string, unknown>) =>
        run(async (raw, context) => (await import('./commands/worker.js')).runWorker(raw, context), options),
      ),
    [
      [
        'ltx-jobs worker --queue redis://render-box:6379 --out /mnt/shared/videos',
        'one worker; start one per machine',
      ],
      [
        'LTX_JOBS_QUEUE=redis://:pw@10.0.0.5:6379 ltx-jobs worker --out ./videos --slots 4',
        'an account with 4 slots',
      ],
    ],
  );
  const queueCommand = program
    .command('queue')
    .description('the team queue: status of slots, waiting jobs and workers');
  help(
    queueCommand
      .command('status')
      .description('show per provider: account slots in use, waiting and running jobs, workers alive')
      .addOption(queueOption())
      .addOption(json())
      .action((options: Record<string, unknown>) =>
        run(async (raw, context) => {
          const url = queueUrlOf(raw, context.env);
          if (!url)
            // UsageError imported statically: a dynamic import of core's index would make every core
            // module a dependency of the CLI's entry (all of core and zod parsed at every start).
            throw new UsageError('queue status needs --queue redis://… (or LTX_JOBS_QUEUE)');
          return (await queue()).runQueueOverview(raw, context, url);
        }, options),
      ),
    [['ltx-jobs queue status --queue redis://render-box:6379', 'slots in use, waiting jobs, workers alive']],
  );
}
