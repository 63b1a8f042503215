import { Command, type Command as CommandType, Option } from 'commander';
import type { CommandContext } from './commands/context.js';
import { type Examples, examplesHelp, JOB_ARGUMENT_HELP, programHelp } from './help.js';
import { addQueueCommands, orQueue, QUEUE_HANDLERS, queueOption } from './queue-program.js';

/** The CLI's version, printed by `--version`. */
export const VERSION = '0.1.0';

type Handler = (raw: Record<string, unknown>, context: CommandContext) => Promise<number>;

// Each command's module is imported when that command runs (a separate chunk of the bundle), so a
// quick command like `list` does not load the API clients, the poll engine or the progress bars.
const runSubmit: Handler = orQueue(
  async (raw, context) => (await import('./commands/submit.js')).runSubmit(raw, context),
  QUEUE_HANDLERS.submit,
);
const runWatch: Handler = orQueue(
  async (raw, context) => (await import('./commands/watch.js')).runWatch(raw, context),
  QUEUE_HANDLERS.watch,
);
const runStatus: Handler = orQueue(
  async (raw, context) => (await import('./commands/status.js')).runStatus(raw, context),
  QUEUE_HANDLERS.status,
);
const runList: Handler = orQueue(
  async (raw, context) => (await import('./commands/ledger-views.js')).runList(raw, context),
  QUEUE_HANDLERS.list,
);
const runCancel: Handler = async (raw, context) =>
  (await import('./commands/cancel.js')).runCancel(raw, context);
const runOpen: Handler = async (raw, context) => (await import('./commands/open.js')).runOpen(raw, context);
const runDownload: Handler = async (raw, context) =>
  (await import('./commands/download.js')).runDownload(raw, context);
const runSpend: Handler = async (raw, context) =>
  (await import('./commands/spend.js')).runSpend(raw, context);
const runModels: Handler = async (raw, context) =>
  (await import('./commands/models.js')).runModels(raw, context);
const runRunResume: Handler = orQueue(
  async (raw, context) => (await import('./commands/run-resume.js')).runRunResume(raw, context),
  QUEUE_HANDLERS.runResume,
);
const runRunList: Handler = async (raw, context) =>
  (await import('./commands/run-status.js')).runRunList(raw, context);
const runRunStatus: Handler = orQueue(
  async (raw, context) => (await import('./commands/run-status.js')).runRunStatus(raw, context),
  QUEUE_HANDLERS.runStatus,
);

/** What a `<job>` argument accepts, for the argument's one-line help. */
const JOB_ARG = 'ltx:<endpoint>/<id>, useapi:<jobId>, latest, a job name or an id prefix';

/**
 * Declares the commands. Each action hands its raw values to a handler that zod-parses them; the
 * handler's exit code lands in `result.exitCode`. Commander's own errors are thrown (exitOverride).
 */
export function buildProgram(context: CommandContext, result: { exitCode: number }): Command {
  const run = (handler: Handler, raw: Record<string, unknown>) =>
    handler(raw, context).then((code) => {
      result.exitCode = code;
    });
  const pollInterval = () =>
    new Option('--poll-interval <seconds>', 'seconds between status reads (default 5; LTX docs advise 5)');
  const timeout = () =>
    new Option('--timeout <seconds>', 'stop watching after this many seconds (the job goes on); exit 6');
  const json = () =>
    new Option('--json', 'print a machine-readable summary on stdout (progress stays on stderr)');
  const help = (command: CommandType, examples: Examples, namesJobs = false) =>
    command.addHelpText('after', `${examplesHelp(examples)}${namesJobs ? JOB_ARGUMENT_HELP : ''}`);

  const program = new Command('ltx-jobs')
    .description('Submit, watch and download LTX video jobs (LTX API v2 and useapi.net LTX Studio).')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .addHelpText('after', programHelp())
    .configureOutput({
      writeOut: (s) => context.io.stdout.write(s),
      writeErr: (s) => context.io.stderr.write(s),
    });

  help(
    program
      .command('submit')
      .description('validate and submit request files (*.ltx.json); with --wait, follow them to their files')
      .argument('<files...>', 'request files, e.g. examples/text-to-video.ltx.json')
      .option('--wait', 'poll until each job ends and download every artifact')
      .option('--out <dir>', 'output folder (default: the file\'s "output", else ltx-output next to it)')
      .addOption(pollInterval())
      .addOption(timeout())
      .option('--allow-duplicate', 'submit even if an identical request was submitted before (billed again)')
      .option('--dry-run', 'validate and estimate the cost of every file; send nothing (exit 0)')
      .option(
        '--max-cost <usd>',
        'refuse, before sending anything, a run whose estimated total is above this (exit 8)',
      )
      .option(
        '--strict',
        'refuse model ids, sizes, fps and durations newer than the capability table (default: send them with a warning)',
      )
      .option(
        '--from <ref|file>',
        "put this job's downloaded result (or this file) into each request's media field; the job is a take of it",
      )
      .option('--template <file>', 'the request file a CSV of prompts fills in (one job per row)')
      .option('--skip-invalid', 'leave invalid manifest lines out instead of refusing the whole run')
      .addOption(queueOption())
      .addOption(json())
      .action((files: string[], options: Record<string, unknown>) => run(runSubmit, { ...options, files })),
    [
      ['ltx-jobs submit text-to-video.ltx.json --wait', 'submit, follow, download into ./ltx-output/'],
      [
        'ltx-jobs submit shots/*.ltx.json --wait --out ./videos',
        'several files at once (LTX runs 2 at a time)',
      ],
      ['ltx-jobs submit shots/*.ltx.json --dry-run', 'what it would cost; nothing is sent'],
      [
        'ltx-jobs submit extend.ltx.json --from latest --wait',
        "extend the newest job's video (a take of it)",
      ],
      ['ltx-jobs submit a.ltx.json --json > submitted.json', 'a JSON summary for scripts'],
    ],
  );

  const runs = program
    .command('run')
    .description('runs: every submit of variations, a manifest or several files (status, resume, list)');
  help(
    runs
      .command('status')
      .description("show a run's jobs and progress from the ledger")
      .argument('<run>', 'a run id, a unique part of one (its last 4 characters), or latest')
      .addOption(queueOption())
      .addOption(json())
      .action((id: string, options: Record<string, unknown>) => run(runRunStatus, { ...options, run: id })),
    [['ltx-jobs run status latest', 'the newest run: its jobs and how far they got']],
  );
  help(
    runs
      .command('resume')
      .description(
        "submit again only a run's jobs that never got an id or failed/expired; follow the others to their files",
      )
      .argument('<run>', 'a run id, a unique part of one, or latest')
      .option('--no-wait', 'only submit; do not follow the jobs to their files')
      .option('--out <dir>', "output folder (default: each job's, as planned)")
      .addOption(pollInterval())
      .addOption(timeout())
      .option(
        '--allow-duplicate',
        'also submit again jobs whose submit was interrupted (they may have been billed)',
      )
      .option(
        '--max-cost <usd>',
        'refuse, before sending anything, when what is submitted again is estimated above this',
      )
      .addOption(queueOption())
      .addOption(json())
      .action((id: string, options: Record<string, unknown>) => run(runRunResume, { ...options, run: id })),
    [
      ['ltx-jobs run resume latest', 'finish the newest run: submit what is missing, follow the rest'],
      ['ltx-jobs run resume --queue redis://render-box:6379 latest', "the same for a team queue's run"],
    ],
  );
  help(
    runs
      .command('list')
      .description('list the runs, newest first, with their progress')
      .addOption(json())
      .action((options: Record<string, unknown>) => run(runRunList, options)),
    [['ltx-jobs run list', 'every run with its progress']],
  );

  help(
    program
      .command('watch')
      .description('follow a job to its end and download its artifacts; resumes a job from the ledger')
      .argument('<job>', JOB_ARG)
      .option('--out <dir>', "output folder (default: the ledger's, else ./ltx-output)")
      .addOption(pollInterval())
      .addOption(timeout())
      .addOption(queueOption())
      .addOption(json())
      .action((ref: string, options: Record<string, unknown>) => run(runWatch, { ...options, ref })),
    [
      ['ltx-jobs watch latest', 'follow the newest job'],
      ['ltx-jobs watch ltx:text-to-video/6f1c1c8e-…', 'track a job submitted elsewhere'],
    ],
    true,
  );

  help(
    program
      .command('status')
      .description('show one job; an unfinished job is read from its provider first (one request)')
      .argument('<job>', JOB_ARG)
      .option('--no-refresh', "show the ledger's last known state without asking the provider")
      .addOption(queueOption())
      .addOption(json())
      .action((ref: string, options: Record<string, unknown>) => run(runStatus, { ...options, ref })),
    [
      ['ltx-jobs status latest', 'the newest job, read from its provider if it has not ended'],
      ['ltx-jobs status 6f1c --no-refresh', 'what the ledger knows, no request'],
    ],
    true,
  );

  help(
    program
      .command('spend')
      .description("sum the ledger's cost estimates by day, model and endpoint (estimates, not bills)")
      .option('--since <when>', 'only jobs submitted since: a span (24h, 7d, 2w) or a date (2026-11-01)')
      .addOption(json())
      .action((options: Record<string, unknown>) => run(runSpend, options)),
    [
      ['ltx-jobs spend', 'estimated spend per day, model and endpoint'],
      ['ltx-jobs spend --since 7d --json', 'the last week, for a script'],
    ],
  );

  help(
    program
      .command('list')
      .description('list the jobs in the ledger, newest first')
      .option('--refresh', 'read every unfinished job from its provider first (one request each)')
      .addOption(queueOption())
      .addOption(json())
      .action((options: Record<string, unknown>) => run(runList, options)),
    [
      ['ltx-jobs list', 'what the ledger knows (no key needed)'],
      ['ltx-jobs list --refresh', 'current states of unfinished jobs'],
    ],
  );

  help(
    program
      .command('cancel')
      .description("cancel a useapi.net job at its scheduler (LTX's API has no cancel)")
      .argument('<job>', JOB_ARG)
      .addOption(json())
      .action((ref: string, options: Record<string, unknown>) => run(runCancel, { ...options, ref })),
    [['ltx-jobs cancel latest', 'cancel the newest job (useapi.net only)']],
    true,
  );

  help(
    program
      .command('open')
      .description("open a job's artifact in the system's player (downloads it first if needed)")
      .argument('<job>', JOB_ARG)
      .option('--artifact <kind>', 'which artifact: video, EXR frames, image… (default: the first video)')
      .action((ref: string, options: Record<string, unknown>) => run(runOpen, { ...options, ref })),
    [
      ['ltx-jobs open latest', 'play the newest video'],
      ['LTX_JOBS_OPEN_WITH=mpv ltx-jobs open lighthouse-at-dawn', 'with a player of your choice'],
    ],
    true,
  );

  help(
    program
      .command('download')
      .description('download the artifacts of a finished job that are not on disk (deleted, never fetched)')
      .argument('<job>', JOB_ARG)
      .option('--out <dir>', "folder to download into (default: the job's output folder)")
      .addOption(json())
      .action((ref: string, options: Record<string, unknown>) => run(runDownload, { ...options, ref })),
    [
      ['ltx-jobs download latest', 'fetch again what is missing'],
      ['ltx-jobs download 6f1c --out ./elsewhere', 'a copy in another folder'],
    ],
    true,
  );

  help(
    program
      .command('models')
      .description(
        'print the LTX capability table the request files are checked against (models, sizes, fps, durations)',
      )
      .addOption(json())
      .action((options: Record<string, unknown>) => run(runModels, options)),
    [['ltx-jobs models', 'which models, sizes, fps and durations a request file may use']],
  );

  program
    .command('mcp')
    .description('serve the agent tools (validate, estimate, submit, wait, download...) over MCP on stdio')
    .option('--root <dir>', 'folder that relative request-file paths resolve against (default: .)')
    .option(
      '--max-cost <usd>',
      'refuse submits estimated above this (or unknown) unless the call confirms the quote',
    )
    .addOption(pollInterval())
    // Loaded on demand: the MCP SDK stays out of every other command's start-up.
    .action(async (options: Record<string, unknown>) => {
      const { runMcp } = await import('./mcp/command.js');
      await run(runMcp, options);
    });

  addQueueCommands(program, run);
  return program;
}
