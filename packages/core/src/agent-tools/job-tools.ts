import type { z } from 'zod';
import { isAbortError } from '../deps.js';
import { UsageError } from '../errors/usage-error.js';
import { formatJobRef, parseJobRef } from '../job-ref.js';
import { isTerminal } from '../job-states.js';
import type { JobRecord } from '../ledger/types.js';
import type { AgentHost, CallContext } from './host.js';
import { allDownloaded, jobLine, jobViewOf } from './job-view.js';
import type { ToolAnswer } from './request-tools.js';
import {
  DEFAULT_WAIT_SECONDS,
  type DownloadInputSchema,
  type JobOutputSchema,
  type JobView,
  type ListJobsInputSchema,
  type ListJobsOutputSchema,
  type WaitInput,
  type WaitOutputSchema,
} from './schemas.js';

/** A download that starts near the end of a wait still gets this long (ms) before it is cut. */
const MIN_DOWNLOAD_MS = 5000;

/** The ledger's record of `ref` (any spelling `parseJobRef` takes); a UsageError when unknown. */
async function requireJob(host: AgentHost, ref: string): Promise<JobRecord> {
  const key = formatJobRef(parseJobRef(ref));
  const record = await host.jobs.get(key);
  if (record) return record;
  throw new UsageError(
    `${key} is not in the ledger (${host.ledgerLabel}). ltx_list_jobs lists the jobs it has; a job submitted elsewhere can be added with: ltx-jobs watch ${key}`,
  );
}

/** Files on disk, one per line, for the summary. */
function fileLines(job: JobView): string[] {
  return job.artifacts.filter((a) => a.path).map((a) => `  ${a.path} (${a.bytes ?? 0} bytes)`);
}

/** What the agent should do next with this job. */
function nextStep(job: JobView, record: JobRecord, download: boolean): string {
  const ref = `{ "ref": "${job.ref}" }`;
  if (!job.done) return `Still ${job.state}: call ltx_wait with ${ref} again (the job goes on either way).`;
  if (job.state === 'succeeded') {
    if (allDownloaded(record)) return 'Done: every result is on disk.';
    return download
      ? `Succeeded; the download is not complete yet: call ltx_wait with ${ref} again to resume it.`
      : `Succeeded: call ltx_download with ${ref} to save the results.`;
  }
  const error = job.error ? ` ${job.error.type}: ${job.error.message}` : '';
  return `The job ${job.state}:${error}. Nothing to download; fix the request and submit again if needed.`;
}

/** `ltx_status`: the ledger's record, after one fresh read of a live job where nothing else polls it. */
export async function statusTool(
  host: AgentHost,
  input: { ref: string },
  context: CallContext = {},
): Promise<ToolAnswer<z.infer<typeof JobOutputSchema>>> {
  const known = await requireJob(host, input.ref);
  const record = isTerminal(known.job?.state ?? 'unknown')
    ? known
    : await host.jobs.refresh(known.ref, context.signal);
  const job = jobViewOf(record, host.showPath);
  const next = nextStep(job, record, false);
  return { output: { job, next }, summary: [jobLine(job), ...fileLines(job), next].join('\n') };
}

/**
 * `ltx_wait`: follows the job for at most `seconds`, then (when it succeeded and `download` is on)
 * downloads what is missing within the same bound (at least 5 s once a download starts). A download
 * cut by the bound keeps its part file; the next call resumes it. Returns the progress so far.
 */
export async function waitTool(
  host: AgentHost,
  input: WaitInput,
  context: CallContext = {},
): Promise<ToolAnswer<z.infer<typeof WaitOutputSchema>>> {
  const now = host.now ?? Date.now;
  const started = now();
  const deadline = started + (input.seconds ?? DEFAULT_WAIT_SECONDS) * 1000;
  const download = input.download ?? true;
  let record = await requireJob(host, input.ref);
  const report = (r: JobRecord) => {
    const view = jobViewOf(r, host.showPath);
    context.progress?.(jobLine(view), view.progress === undefined ? undefined : view.progress / 100);
  };
  if (!isTerminal(record.job?.state ?? 'unknown')) {
    record = await host.jobs.follow(record.ref, {
      deadline,
      onUpdate: report,
      ...(context.signal === undefined ? {} : { signal: context.signal }),
    });
  }
  if (download && record.job?.state === 'succeeded' && !allDownloaded(record)) {
    record = await downloadWithin(host, record, Math.max(deadline - now(), MIN_DOWNLOAD_MS), context);
  }
  const job = jobViewOf(record, host.showPath);
  const finished = job.done && (job.state !== 'succeeded' || !download || allDownloaded(record));
  const next = nextStep(job, record, download);
  return {
    output: { job, finished, waitedSeconds: Math.round((now() - started) / 100) / 10, next },
    summary: [jobLine(job), ...fileLines(job), next].join('\n'),
  };
}

async function downloadWithin(
  host: AgentHost,
  record: JobRecord,
  budgetMs: number,
  context: CallContext,
): Promise<JobRecord> {
  const timeout = AbortSignal.timeout(budgetMs);
  const signal = context.signal ? AbortSignal.any([context.signal, timeout]) : timeout;
  try {
    return await host.jobs.download(record.ref, {
      signal,
      onProgress: (p) =>
        context.progress?.(
          `Downloading ${p.label}: ${p.receivedBytes}${p.totalBytes ? ` of ${p.totalBytes}` : ''} bytes`,
          p.totalBytes ? p.receivedBytes / p.totalBytes : undefined,
        ),
    });
  } catch (error) {
    // Cut by the time bound (not by the caller): the part file stays; the next call resumes it.
    if (isAbortError(error) && timeout.aborted && !context.signal?.aborted) {
      return (await host.jobs.get(record.ref)) ?? record;
    }
    throw error;
  }
}

/** `ltx_download`: downloads every result of a succeeded job that is not on disk yet. */
export async function downloadTool(
  host: AgentHost,
  input: z.infer<typeof DownloadInputSchema>,
  context: CallContext = {},
): Promise<ToolAnswer<z.infer<typeof JobOutputSchema>>> {
  const known = await requireJob(host, input.ref);
  const state = known.job?.state ?? 'unknown';
  if (state !== 'succeeded') {
    const hint = isTerminal(state)
      ? 'it has no results to download'
      : `call ltx_wait with { "ref": "${known.ref}" } first`;
    throw new UsageError(`${known.ref} is ${state}, not succeeded: ${hint}`);
  }
  const record = await host.jobs.download(known.ref, {
    ...(input.out === undefined ? {} : { outputDir: host.resolvePath(input.out) }),
    ...(context.signal === undefined ? {} : { signal: context.signal }),
  });
  const job = jobViewOf(record, host.showPath);
  const next = nextStep(job, record, false);
  return { output: { job, next }, summary: [jobLine(job), ...fileLines(job), next].join('\n') };
}

/** `ltx_list_jobs`: the ledger's jobs, newest first, optionally of one state. */
export async function listJobsTool(
  host: AgentHost,
  input: z.infer<typeof ListJobsInputSchema>,
): Promise<ToolAnswer<z.infer<typeof ListJobsOutputSchema>>> {
  const all = await host.jobs.list();
  const matching =
    input.state === undefined ? all : all.filter((r) => (r.job?.state ?? 'unknown') === input.state);
  const jobs = matching.slice(0, input.limit ?? 20).map((r) => jobViewOf(r, host.showPath));
  const head = `${matching.length} job${matching.length === 1 ? '' : 's'} in the ledger${input.state ? ` ${input.state}` : ''} (${host.ledgerLabel})${jobs.length < matching.length ? `, newest ${jobs.length} shown` : ''}`;
  return {
    output: { jobs, total: matching.length },
    summary: [head, ...jobs.map((j) => `  ${jobLine(j)}`)].join('\n'),
  };
}
