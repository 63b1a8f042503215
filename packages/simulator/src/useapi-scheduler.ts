import { type Exchange, readBody, sendEmpty, sendJson } from './http-kit.js';
import { formatElapsed } from './job-clock.js';
import type { SimJob } from './job-store.js';
import type { SimContext } from './sim-context.js';
import { MAX_UPLOAD_BYTES } from './storage-state.js';
import { sendUseapiError, useapiAuthorized } from './useapi-auth.js';

const ASSET_TYPES = ['image', 'reference-image'];

function schedulerItem(job: SimJob, now: number): Record<string, unknown> {
  return {
    jobId: job.id,
    email: job.email,
    started: new Date(job.createdAt).toISOString(),
    elapsed: formatElapsed(now - job.createdAt),
    ...(job.replyUrl === undefined ? {} : { replyUrl: job.replyUrl }),
    ...(job.replyRef === undefined ? {} : { replyRef: job.replyRef }),
  };
}

/** `GET /scheduler`: the useapi jobs still running. */
export function listScheduler(ctx: SimContext, ex: Exchange): void {
  if (!useapiAuthorized(ctx, ex)) return;
  const now = ctx.now();
  sendJson(
    ex,
    200,
    ctx.jobs.running('useapi', now).map((job) => schedulerItem(job, now)),
  );
}

/** `GET /scheduler/available`: running jobs and free capacity of the one simulated account. */
export function schedulerAvailable(ctx: SimContext, ex: Exchange): void {
  if (!useapiAuthorized(ctx, ex)) return;
  const now = ctx.now();
  const running = ctx.jobs.running('useapi', now);
  const email = ctx.options.useapiEmail;
  const maxJobs = ctx.settings.useapiMaxJobs ?? 100;
  sendJson(ex, 200, {
    executing: running.map((job) => schedulerItem(job, now)),
    available: [
      {
        email,
        maxJobs,
        executing: running.length,
        available: Math.max(0, maxJobs - running.length),
      },
    ],
  });
}

/** `DELETE /scheduler/{jobId}`: stops tracking a running job (204), or 404 if none is running. */
export function cancelJob(ctx: SimContext, ex: Exchange, jobId: string): void {
  if (!useapiAuthorized(ctx, ex)) return;
  const now = ctx.now();
  const job = ctx.jobs.running('useapi', now).find((j) => j.id === jobId);
  if (job === undefined) {
    sendUseapiError(ex, 404, `Unable to locate running jobId ${jobId}`);
    return;
  }
  job.cancelledAt = now;
  ex.entry.jobId = job.id;
  sendEmpty(ex, 204);
}

/** `POST /assets/?type=`: stores raw bytes sent with their Content-Type; answers the signed asset. */
export async function uploadAsset(ctx: SimContext, ex: Exchange): Promise<void> {
  if (!useapiAuthorized(ctx, ex)) return;
  const type = ex.url.searchParams.get('type') ?? 'image';
  const mimeType = ex.req.headers['content-type']?.split(';')[0]?.trim() ?? '';
  if (!ASSET_TYPES.includes(type)) {
    ex.req.resume();
    return sendUseapiError(ex, 400, `Parameter type (${type}) must be one of ${ASSET_TYPES.join(', ')}`);
  }
  if (mimeType === '' || mimeType === 'application/json') {
    ex.req.resume();
    return sendUseapiError(
      ex,
      400,
      'Content-Type header with the file MIME type is required (e.g. image/png)',
    );
  }
  let data: Buffer;
  try {
    data = await readBody(ex.req, MAX_UPLOAD_BYTES);
  } catch {
    return sendUseapiError(ex, 400, `File exceeds ${MAX_UPLOAD_BYTES} bytes`);
  }
  if (data.length === 0) return sendUseapiError(ex, 400, 'Request body is empty: send the file bytes');
  const now = ctx.now();
  const asset = ctx.storage.addAsset(type, mimeType, data, now);
  sendJson(ex, 200, {
    assetUrl: ctx.storage.assetUrl(asset),
    expirationDateString: String(now + ctx.timing.retentionMs),
    asset: { type, fileId: asset.fileId, mimeType },
  });
}
