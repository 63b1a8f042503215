import { type CostEstimate, type JobRecord, JobRecordSchema, PROVIDERS } from '@ltx-jobs/core';
import type { JobType, Job as QueueJob } from 'bullmq';
import type { GenerationState } from './generation-state.js';
import { TeamJobDataSchema } from './job-data.js';
import { teamKeys } from './keys.js';
import type { Team } from './team.js';
import type { TeamJob, TeamJobState } from './team-status.js';

/** A {@link TeamJob} with what a view shows of its request and of the worker that moves it. */
export interface TeamJobRow extends TeamJob {
  endpoint?: string | undefined;
  /** The API body as written in the request file. */
  request?: Record<string, unknown> | undefined;
  requestFile?: string | undefined;
  estimate?: CostEstimate | undefined;
  /** `pid@host` of the worker that last moved its generation. */
  worker?: string | undefined;
  /** Epoch ms: when it was put in the queue, taken by a worker, ended in the queue. */
  queuedAt?: number | undefined;
  startedAt?: number | undefined;
  endedAt?: number | undefined;
}

/** Options of {@link readTeamJobRows}. */
export interface ReadTeamJobRowsOptions {
  /** The newest jobs read per provider and queue state. Default 200. */
  limit?: number;
}

/** BullMQ's states, and how a view names them; a later entry wins for a job seen in two (it moved). */
const STATES: [JobType, TeamJobState][] = [
  ['waiting', 'waiting'],
  ['prioritized', 'waiting'],
  ['paused', 'waiting'],
  ['delayed', 'delayed'],
  ['active', 'active'],
  ['completed', 'completed'],
  ['failed', 'failed'],
];

/**
 * The newest team jobs of every provider (newest first), joined with their generation state and the
 * shared ledger's record, for views that read again every few seconds (the VS Code Jobs view). Unlike
 * {@link teamJobs}, the number of Redis round trips does not grow with the number of jobs: the state
 * comes from the list a job was found in (no `getState` per job), the generation states from one
 * MULTI, and only the records of the jobs shown from one HMGET (not the whole shared ledger). Values
 * read from Redis are checked (zod); unreadable ones are left out.
 */
export async function readTeamJobRows(
  team: Team,
  options: ReadTeamJobRowsOptions = {},
): Promise<TeamJobRow[]> {
  const limit = options.limit ?? 200;
  const found = new Map<
    string,
    { job: QueueJob; state: TeamJobState; provider: (typeof PROVIDERS)[number] }
  >();
  const lists = await Promise.all(
    PROVIDERS.flatMap((provider) =>
      STATES.map(async ([type, state]) => {
        const jobs = await team.queue(provider).getJobs([type], 0, limit - 1, false);
        return jobs.map((job) => ({ job, state, provider }));
      }),
    ),
  );
  for (const list of lists) for (const entry of list) if (entry.job?.id) found.set(entry.job.id, entry);
  const entries = [...found.values()];
  const generations = await team.generations.many(entries.map((e) => e.job.id ?? ''));
  const refs = generations.map((g) => g.ref).filter((ref): ref is string => ref !== undefined);
  const records = await readRecords(team, refs);
  const rows = entries.map(({ job, state, provider }, index) =>
    rowOf(job, state, provider, generations[index] ?? {}, records),
  );
  return rows.sort((a, b) => (b.queuedAt ?? 0) - (a.queuedAt ?? 0));
}

async function readRecords(team: Team, refs: readonly string[]): Promise<Map<string, JobRecord>> {
  const records = new Map<string, JobRecord>();
  if (refs.length === 0) return records;
  const values = await team.redis.hmget(teamKeys.records, ...refs);
  for (const [index, text] of values.entries()) {
    if (text === null) continue;
    try {
      const parsed = JobRecordSchema.safeParse((JSON.parse(text) as { record?: unknown }).record);
      if (parsed.success) records.set(refs[index] ?? '', parsed.data);
    } catch {
      // Not JSON: left out, as the shared ledger itself does.
    }
  }
  return records;
}

function rowOf(
  job: QueueJob,
  queueState: TeamJobState,
  provider: (typeof PROVIDERS)[number],
  generation: GenerationState,
  records: ReadonlyMap<string, JobRecord>,
): TeamJobRow {
  const parsed = TeamJobDataSchema.safeParse(job.data);
  const data = parsed.success ? parsed.data : undefined;
  const result = job.returnvalue as { files?: unknown } | null | undefined;
  const files = Array.isArray(result?.files)
    ? result.files.filter((f): f is string => typeof f === 'string')
    : [];
  return {
    jobId: job.id ?? '',
    provider: data?.provider ?? provider,
    name: data?.name,
    submittedBy: data?.submittedBy,
    enqueuedAt: data?.enqueuedAt,
    runId: data?.runId,
    queueState,
    stage: generation.stage,
    ref: generation.ref,
    record: generation.ref === undefined ? undefined : records.get(generation.ref),
    failedReason: job.failedReason || undefined,
    files,
    endpoint: data?.endpoint,
    request: data?.request,
    requestFile: data?.requestFile,
    estimate: data?.estimate,
    media: data?.media,
    worker: generation.worker,
    queuedAt: job.timestamp || undefined,
    startedAt: job.processedOn || undefined,
    endedAt: job.finishedOn || undefined,
  };
}
