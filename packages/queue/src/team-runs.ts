import { type RunRecord, RunRecordSchema } from '@ltx-jobs/core';
import { z } from 'zod';
import { type Submitter, SubmitterSchema } from './job-data.js';
import { QUEUE_PREFIX } from './keys.js';
import type { Team } from './team.js';

const runKeys = {
  /** Sorted set: team run ids by creation time (epoch ms). */
  index: `${QUEUE_PREFIX}:team:runs`,
  /** String: the run as planned (JSON: {@link TeamRunDocumentSchema}). */
  run: (runId: string) => `${QUEUE_PREFIX}:team:run:${runId}`,
  /** List: `<planned job key>\t<queue job id>` per attempt, in order (appends are atomic). */
  attempts: (runId: string) => `${QUEUE_PREFIX}:team:run:${runId}:attempts`,
};

const TeamRunDocumentSchema = z.object({ run: RunRecordSchema, submittedBy: SubmitterSchema });

/** A run of the team queue: every job planned (before anything was enqueued) and the queue jobs tried for each. */
export interface TeamRun {
  run: RunRecord;
  submittedBy: Submitter;
  /** Planned job key -> the queue job ids enqueued for it, first attempt first. */
  attempts: Map<string, string[]>;
}

/** Writes a run down in the team queue before its first job is enqueued (`run resume --queue` reads it). */
export async function saveTeamRun(team: Team, run: RunRecord, submittedBy: Submitter): Promise<void> {
  await team.redis
    .multi()
    .set(runKeys.run(run.id), JSON.stringify({ run, submittedBy }))
    .zadd(runKeys.index, Date.parse(run.createdAt) || Date.now(), run.id)
    .exec();
}

/** Notes that queue job `jobId` is an attempt of the planned job `key` of run `runId`. */
export async function recordRunAttempt(team: Team, runId: string, key: string, jobId: string): Promise<void> {
  await team.redis.rpush(runKeys.attempts(runId), `${key}\t${jobId}`);
}

/**
 * The team run `query` names: its id, a unique end or start of one (e.g. its last 4 characters), or
 * `latest`. Undefined when none matches; a run written by another version (unreadable) is skipped.
 */
export async function findTeamRun(team: Team, query: string): Promise<TeamRun | undefined> {
  const ids = await team.redis.zrevrange(runKeys.index, 0, -1);
  const id =
    query === 'latest'
      ? ids[0]
      : (ids.find((i) => i === query) ??
        onlyOne(ids.filter((i) => i.endsWith(query) || i.startsWith(query) || i.includes(query))));
  if (id === undefined) return undefined;
  const text = await team.redis.get(runKeys.run(id));
  if (text === null) return undefined;
  let parsed: z.infer<typeof TeamRunDocumentSchema>;
  try {
    parsed = TeamRunDocumentSchema.parse(JSON.parse(text));
  } catch {
    return undefined;
  }
  const attempts = new Map<string, string[]>();
  for (const line of await team.redis.lrange(runKeys.attempts(id), 0, -1)) {
    const tab = line.indexOf('\t');
    if (tab < 0) continue;
    const key = line.slice(0, tab);
    attempts.set(key, [...(attempts.get(key) ?? []), line.slice(tab + 1)]);
  }
  return { run: parsed.run, submittedBy: parsed.submittedBy, attempts };
}

function onlyOne(ids: string[]): string | undefined {
  return ids.length === 1 ? ids[0] : undefined;
}
