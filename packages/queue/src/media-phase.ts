import { hostname } from 'node:os';
import { isUsageError } from '@ltx-jobs/core';
import { UnrecoverableError } from 'bullmq';
import type { GenerationContext } from './generation.js';
import type { TeamJobData } from './job-data.js';
import { materializeMedia } from './media-carry.js';

/**
 * Uploads a job's local media and returns the body to POST: the files the enqueuer carried in Redis
 * (written to a temporary folder first), else (a job enqueued by an older version) the paths as
 * written, read on this worker. A file that cannot be had fails the job for good, naming the field,
 * the file, the machine it was enqueued on and what to do; its input claim is given back (nothing
 * was billed).
 */
export async function uploadJobMedia(
  context: GenerationContext,
  data: TeamJobData,
  jobId: string,
): Promise<Record<string, unknown>> {
  const carried = data.media ?? [];
  const signal = context.signal;
  try {
    if (carried.length === 0 || !context.redis) {
      return await context.client.resolveMedia(data.endpoint, data.request, {
        baseDir: data.baseDir,
        signal,
      });
    }
    const local = await materializeMedia(context.redis, data.request, carried, data.submittedBy.host);
    try {
      return await context.client.resolveMedia(data.endpoint, local.request, {
        baseDir: local.baseDir,
        signal,
      });
    } finally {
      await local.cleanup();
    }
  } catch (error) {
    if (!isUsageError(error)) throw error; // a network error or a 5xx: tried again later
    await context.releaseClaim(data, jobId);
    const where =
      carried.length === 0 && data.submittedBy.host !== hostname()
        ? ` (read on worker ${hostname()}; the job was enqueued on ${data.submittedBy.host}, relative to ${data.baseDir}: enqueue it again with this version, which carries local media with the job, or use a URL)`
        : '';
    throw new UnrecoverableError(`${error.message}${where}`);
  }
}
