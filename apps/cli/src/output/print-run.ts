import { formatBytes } from '@ltx-jobs/core';
import { EXIT } from '../exit-codes.js';
import type { JobSummary, RunSummary } from './summary.js';

/** The two streams a command writes to: results on `stdout`, everything else on `stderr`. */
export interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** The result lines of one job for stdout: `<ref> <state>`, then one indented line per file on disk. */
export function resultLines(job: JobSummary): string[] {
  const head = `${job.ref ?? job.file ?? '?'} ${job.state}`;
  const files = job.artifacts
    .filter((a) => a.path)
    .map((a) => `  ${a.path}${a.bytes === undefined ? '' : ` (${formatBytes(a.bytes)})`}`);
  return [head, ...files];
}

/**
 * Prints the end of `submit`/`watch`. With `json`, stdout gets exactly one JSON document. Without it,
 * stdout gets the result lines. Either way, each job that did not succeed gets ONE `error:` line on
 * stderr, and an interrupted or timed-out watch says how to resume.
 */
export function printRun(summary: RunSummary, json: boolean, io: Io): void {
  if (json) io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  for (const job of summary.jobs) {
    if (!json) io.stdout.write(`${resultLines(job).join('\n')}\n`);
    if (!job.reason || job.exitCode === EXIT.ok) continue;
    // One line per job: what to do, when known, goes on the same line.
    const hint = whatToDo(job);
    const line = hint === undefined ? job.reason : `${job.reason} (${hint})`;
    io.stderr.write(job.exitCode === EXIT.interrupted ? `${line}\n` : `error: ${line}\n`);
    if (job.ref && (job.exitCode === EXIT.interrupted || job.exitCode === EXIT.networkTimeout)) {
      io.stderr.write(`Resume with: ltx-jobs watch ${job.ref}\n`);
    }
  }
}

/** What to do about a failure, when the CLI knows better than the provider's message. */
export function whatToDo(job: JobSummary): string | undefined {
  if (job.error?.type === 'content_filtered_error' && job.file !== undefined) {
    return `the safety filters refused the prompt: change "prompt" in ${job.file} and submit it again`;
  }
  return undefined;
}
