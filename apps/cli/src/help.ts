import { EXIT } from './exit-codes.js';

/** Example lines of one command: `$ ltx-jobs …` with what it does. */
export type Examples = readonly (readonly [command: string, what: string])[];

/** A help section: a title in capitals, then indented lines. */
function section(title: string, lines: readonly string[]): string {
  return `\n${title}\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
}

/** Two columns, the first padded to its widest cell. */
function columns(rows: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(...rows.map(([a]) => a.length));
  return rows.map(([a, b]) => `${a.padEnd(width)}  ${b}`);
}

/** The EXAMPLES section of a command's `--help`. */
export function examplesHelp(examples: Examples): string {
  return section(
    'EXAMPLES',
    examples.flatMap(([command, what]) => [`# ${what}`, `$ ${command}`]),
  );
}

/** Ways to name a job on the command line (watch, status, cancel, open, download). */
export const JOB_ARGUMENT_HELP = section('NAMING A JOB', [
  'ltx:<endpoint>/<id>   a full job ref, e.g. ltx:text-to-video/6f1c1c8e-…',
  'useapi:<jobId>        a useapi.net job',
  'latest                the newest job in the ledger',
  '<name>                the newest job with this name (the request file\'s "name"),',
  '                      or the one name it starts, in any case (lighthouse)',
  '<id prefix>           the first 4+ characters of a job id, e.g. 6f1c1c8e',
]);

/** The environment variables the CLI reads. */
export const ENVIRONMENT_ROWS: readonly (readonly [string, string])[] = [
  ['LTX_API_KEY', 'key for LTX jobs (LTX Developer Console)'],
  ['LTX_API_BASE_URL', 'LTX API origin (default https://api.ltx.video)'],
  ['USEAPI_API_TOKEN', 'token for useapi.net jobs (deprecated provider)'],
  ['USEAPI_BASE_URL', 'useapi.net origin (default https://api.useapi.net)'],
  ['LTX_JOBS_HOME', 'folder of the job ledger (default ~/.local/share/ltx-jobs)'],
  ['LTX_JOBS_LTX_CONCURRENCY', 'LTX jobs running at once (default 2)'],
  ['LTX_JOBS_DAILY_BUDGET', 'USD of estimated spend per day; a submit over it is refused (exit 8)'],
  ['LTX_JOBS_MAX_UNSIZED_DOWNLOAD', 'largest download without a Content-Length, e.g. 2GiB'],
  ['LTX_JOBS_OPEN_WITH', 'player for "open" (default: open / start / xdg-open)'],
  ['LTX_JOBS_DEBUG', '1: the HTTP log (never keys) and stacks of internal errors'],
  ['LTX_JOBS_QUEUE', 'redis://… of a team queue: like --queue for every command'],
  ['LTX_JOBS_USER', 'your name in the team queue (default: your login name)'],
];

/** The exit codes, worst-first order aside. */
export const EXIT_CODE_ROWS: readonly (readonly [string, string])[] = [
  [String(EXIT.ok), 'success: every job succeeded and its files are on disk'],
  [String(EXIT.internal), 'internal error (a bug; LTX_JOBS_DEBUG=1 shows the stack)'],
  [String(EXIT.badInput), 'bad input: usage, an invalid request file, a job that does not match'],
  [String(EXIT.authConfig), 'a missing or rejected key, an unusable base URL'],
  [String(EXIT.jobFailed), 'a job failed (e.g. content_filtered_error) or the API refused it'],
  [String(EXIT.expired), 'a job or its URLs expired, or the provider does not know it'],
  [String(EXIT.networkTimeout), 'network trouble or --timeout; the job goes on (ltx-jobs watch <job>)'],
  [String(EXIT.duplicate), 'an identical request was submitted before; nothing was sent'],
  [String(EXIT.costLimit), 'the estimate is above --max-cost or LTX_JOBS_DAILY_BUDGET; nothing was sent'],
  [String(EXIT.interrupted), 'interrupted (Ctrl-C); the job goes on'],
];

/** What `ltx-jobs --help` adds after the command list. */
export function programHelp(): string {
  return [
    examplesHelp([
      [
        'ltx-jobs submit examples/text-to-video.ltx.json --wait',
        'submit a request file, follow it, download the video',
      ],
      ['ltx-jobs submit a.ltx.json b.ltx.json', 'submit several files and return at once'],
      ['ltx-jobs list --refresh', 'every job, with unfinished ones read from the provider'],
      ['ltx-jobs watch latest', 'follow the newest job to its files'],
      ['ltx-jobs open lighthouse-at-dawn', 'play the video of the job named "lighthouse-at-dawn"'],
    ]),
    section('ENVIRONMENT', columns(ENVIRONMENT_ROWS)),
    section('EXIT CODES', columns(EXIT_CODE_ROWS)),
    section('LEARN MORE', [
      'ltx-jobs <command> --help for the flags and examples of a command',
      'README.md: "CLI: ltx-jobs"',
    ]),
  ].join('');
}
