import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import {
  type CostEstimate,
  DuplicateSubmitError,
  type RequestFile,
  runInputHash,
  type TakeParent,
} from '@ltx-jobs/core';
import { currentSubmitter, type Submitter, type TeamJobData } from './job-data.js';
import { teamKeys } from './keys.js';
import { type CarriedMedia, carryLocalMedia } from './media-carry.js';
import type { Team } from './team.js';

/** How many times BullMQ runs a job whose worker hit a transient error (a resumed job never submits again). */
export const JOB_ATTEMPTS = 8;

/** Options of {@link enqueueRequest}. */
export interface EnqueueOptions {
  /** Folder relative media paths resolve against (the request file's); must be readable by the workers. */
  baseDir: string;
  requestFile?: string | undefined;
  estimate?: CostEstimate | undefined;
  /** Enqueue even when the same input was submitted to the team before (billed again). */
  allowDuplicate?: boolean | undefined;
  submittedBy?: Submitter | undefined;
  /** The run the job belongs to (several files submitted together). */
  runId?: string | undefined;
  /**
   * The queue job of an earlier attempt of this request (it failed): its claim on the input is handed
   * to the new job atomically, so of two machines resuming the same run only one enqueues it again.
   */
  retryOf?: string | undefined;
  /** What the job is a take of (`submit --from`), kept in its ledger record. */
  parent?: TakeParent | undefined;
  /**
   * The variant key of one take of a file with `variations` (`PlannedJob.variantKey`): part of the
   * input hash, as in the local ledger, so that takes with the same request are not duplicates of
   * each other. Absent: the hash of the request alone (as before).
   */
  variantKey?: string | undefined;
  /**
   * Media an earlier attempt carried (`run resume --queue` from any machine): sent again as they were,
   * instead of reading the request's local files here.
   */
  media?: readonly CarriedMedia[] | undefined;
}

// Hands an input's claim from an earlier attempt (or from nobody) to a new queue job.
const HAND_OVER = `
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
return 1`;

/** A job put in the team queue. */
export interface EnqueuedJob {
  /** The queue job's id (`ltx-jobs status --queue … <id>` names it). */
  jobId: string;
  provider: RequestFile['provider'];
  inputHash: string;
  name?: string | undefined;
}

/** The queue job that claimed `inputHash`, if any. */
export function claimHolder(team: Team, inputHash: string): Promise<string | null> {
  return team.redis.get(teamKeys.claim(inputHash));
}

/**
 * Puts one request in its provider's team queue. Its local media files (at most MEDIA_CARRY_LIMIT_BYTES
 * each) are put in Redis with it, so a worker on any machine uploads them. Unless `allowDuplicate`, the input hash is claimed
 * first with one atomic `SET NX` across every machine: of two submitting the same request at once, one
 * enqueues and the other gets a DuplicateSubmitError naming the job that holds it (nothing is sent).
 * The claim stays after the job ends (an identical request later is a duplicate too, as in the local
 * ledger); it is given back when a worker finds the provider refused the request.
 */
export async function enqueueRequest(
  team: Team,
  file: RequestFile,
  options: EnqueueOptions,
): Promise<EnqueuedJob> {
  const inputHash = runInputHash(
    file,
    options.variantKey === undefined
      ? undefined
      : { runId: options.runId ?? '', variantKey: options.variantKey },
  );
  // Local media travel with the job (a worker on another machine cannot read this one's files).
  const media = options.media ? [...options.media] : await carryLocalMedia(team.redis, file, options.baseDir);
  const allowDuplicate = options.allowDuplicate === true;
  const jobId =
    allowDuplicate || options.retryOf !== undefined
      ? `${inputHash.slice(0, 24)}-${randomBytes(4).toString('hex')}`
      : inputHash.slice(0, 32);
  if (!allowDuplicate) {
    const claimed =
      options.retryOf === undefined
        ? (await team.redis.set(teamKeys.claim(inputHash), jobId, 'NX')) === 'OK'
        : (await team.redis.eval(HAND_OVER, 1, teamKeys.claim(inputHash), options.retryOf, jobId)) === 1;
    if (!claimed) throw await duplicateOf(team, inputHash);
  }
  const name =
    file.name ??
    (options.requestFile ? basename(options.requestFile).replace(/\.ltx\.json$/i, '') : undefined);
  const data: TeamJobData = {
    v: 1,
    provider: file.provider,
    endpoint: file.endpoint,
    request: file.request,
    baseDir: options.baseDir,
    inputHash,
    ...(name === undefined ? {} : { name }),
    ...(options.requestFile === undefined ? {} : { requestFile: options.requestFile }),
    ...(options.estimate === undefined ? {} : { estimate: options.estimate }),
    submittedBy: options.submittedBy ?? currentSubmitter(),
    enqueuedAt: new Date().toISOString(),
    allowDuplicate,
    ...(options.runId === undefined ? {} : { runId: options.runId }),
    ...(options.parent === undefined ? {} : { parent: options.parent }),
    ...(media.length === 0 ? {} : { media }),
  };
  try {
    await team.queue(file.provider).add('generate', data, {
      jobId,
      attempts: JOB_ATTEMPTS,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: false,
      removeOnFail: false,
    });
  } catch (error) {
    if (!allowDuplicate) await releaseClaim(team, inputHash, jobId);
    throw error;
  }
  return { jobId, provider: file.provider, inputHash, name };
}

/** Gives an input's claim back, only when `jobId` holds it. */
export async function releaseClaim(
  team: Pick<Team, 'redis'>,
  inputHash: string,
  jobId: string,
): Promise<void> {
  await team.redis.eval(
    "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0",
    1,
    teamKeys.claim(inputHash),
    jobId,
  );
}

async function duplicateOf(team: Team, inputHash: string): Promise<DuplicateSubmitError> {
  const holder = (await claimHolder(team, inputHash)) ?? '?';
  const state = await team.generations.get(holder);
  const ref = state.ref ?? `queue:${holder}`;
  return new DuplicateSubmitError(ref, inputHash, {
    message: `An identical request is already in the team queue as job ${holder}${state.ref ? ` (${state.ref})` : ''}; submitting it again would bill twice (--allow-duplicate to send it anyway)`,
  });
}
