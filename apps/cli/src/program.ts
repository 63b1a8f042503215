import { Command, Option } from 'commander';
import type { CommandContext } from './commands/context.js';

/** The CLI's version, printed by `--version`. */
export const VERSION = '0.1.0';

type Handler = (raw: Record<string, unknown>, context: CommandContext) => Promise<number>;

// Each command's module is imported when that command runs (a separate chunk of the bundle), so a
// quick command like `list` does not load the API clients, the poll engine or the progress bars.
const runSubmit: Handler = async (raw, context) =>
  (await import('./commands/submit.js')).runSubmit(raw, context);
const runWatch: Handler = async (raw, context) =>
  (await import('./commands/watch.js')).runWatch(raw, context);
const runStatus: Handler = async (raw, context) =>
  (await import('./commands/ledger-views.js')).runStatus(raw, context);
const runList: Handler = async (raw, context) =>
  (await import('./commands/ledger-views.js')).runList(raw, context);
const runSpend: Handler = async (raw, context) =>
  (await import('./commands/spend.js')).runSpend(raw, context);
const runModels: Handler = async (raw, context) =>
  (await import('./commands/models.js')).runModels(raw, context);
const runRunResume: Handler = async (raw, context) =>
  (await import('./commands/run-resume.js')).runRunResume(raw, context);
const runRunList: Handler = async (raw, context) =>
  (await import('./commands/run-status.js')).runRunList(raw, context);
const runRunStatus: Handler = async (raw, context) =>
  (await import('./commands/run-status.js')).runRunStatus(raw, context);

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

  const program = new Command('ltx-jobs')
    .description('Submit, watch and download LTX video jobs (LTX API v2 and useapi.net LTX Studio).')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => context.io.stdout.write(s),
      writeErr: (s) => context.io.stderr.write(s),
    });

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
    .addOption(json())
    .action((files: string[], options: Record<string, unknown>) => run(runSubmit, { ...options, files }));

  const runs = program
    .command('run')
    .description('runs: every submit of variations, a manifest or several files (status, resume, list)');
  runs
    .command('status')
    .description("show a run's jobs and progress from the ledger")
    .argument('<run>', 'a run id, a unique part of one (its last 4 characters), or latest')
    .addOption(json())
    .action((id: string, options: Record<string, unknown>) => run(runRunStatus, { ...options, run: id }));
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
    .addOption(json())
    .action((id: string, options: Record<string, unknown>) => run(runRunResume, { ...options, run: id }));
  runs
    .command('list')
    .description('list the runs, newest first, with their progress')
    .addOption(json())
    .action((options: Record<string, unknown>) => run(runRunList, options));

  program
    .command('watch')
    .description('follow a job to its end and download its artifacts; resumes a job from the ledger')
    .argument('<job-ref>', 'ltx:<endpoint>/<id> or useapi:<jobId>')
    .option('--out <dir>', "output folder (default: the ledger's, else ./ltx-output)")
    .addOption(pollInterval())
    .addOption(timeout())
    .addOption(json())
    .action((ref: string, options: Record<string, unknown>) => run(runWatch, { ...options, ref }));

  program
    .command('status')
    .description("show a job's last known state from the ledger")
    .argument('<job-ref>', 'ltx:<endpoint>/<id> or useapi:<jobId>')
    .addOption(json())
    .action((ref: string, options: Record<string, unknown>) => run(runStatus, { ...options, ref }));

  program
    .command('spend')
    .description("sum the ledger's cost estimates by day, model and endpoint (estimates, not bills)")
    .option('--since <when>', 'only jobs submitted since: a span (24h, 7d, 2w) or a date (2026-11-01)')
    .addOption(json())
    .action((options: Record<string, unknown>) => run(runSpend, options));

  program
    .command('list')
    .description('list the jobs in the ledger, newest first')
    .addOption(json())
    .action((options: Record<string, unknown>) => run(runList, options));

  program
    .command('models')
    .description(
      'print the LTX capability table the request files are checked against (models, sizes, fps, durations)',
    )
    .addOption(json())
    .action((options: Record<string, unknown>) => run(runModels, options));

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

  return program;
}
