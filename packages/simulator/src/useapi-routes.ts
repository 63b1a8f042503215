import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { isUseapiEndpoint, mediaFieldsOf, USEAPI_ENDPOINTS } from '@ltx-jobs/core';
import { assetForUseapi } from './assets.js';
import { readBodyValue } from './body.js';
import { validateBody } from './body-validation.js';
import { type Exchange, sendJson } from './http-kit.js';
import { phaseAt } from './job-clock.js';
import { createJob, plannedFaults } from './job-factory.js';
import type { SimJob } from './job-store.js';
import type { Route } from './route.js';
import type { SimContext } from './sim-context.js';
import { listAssets } from './useapi-asset-list.js';
import { sendUseapiError, useapiAuthorized } from './useapi-auth.js';
import { renderUseapiJob } from './useapi-render.js';
import { cancelJob, listScheduler, schedulerAvailable, uploadAsset } from './useapi-scheduler.js';

/** Old endpoint names useapi still serves (renamed 2025-10-03). */
export const USEAPI_ALIASES: Record<string, string> = {
  'images/flux-create': 'images/create',
  'images/flux-edit': 'images/edit',
};

/** `field: problem` for a referenced asset or job that the simulator does not know, else undefined. */
function referenceProblem(
  ctx: SimContext,
  endpoint: string,
  body: Record<string, unknown>,
): string | undefined {
  for (const field of mediaFieldsOf('useapi', endpoint)) {
    const value = body[field];
    if (typeof value !== 'string') continue;
    if (!/^asset:.+-type:.+/.test(value)) return `Parameter ${field} (${value}) has incorrect format`;
    if (ctx.storage.assetByFileId(value) === undefined) return `Parameter ${field} (${value}) was not found`;
  }
  if (endpoint === 'images/upscale') {
    const source = ctx.jobs.get(String(body.jobId));
    const done =
      source !== undefined && phaseAt(source, ctx.now()) === 'ended' && source.failure === undefined;
    if (!done || source.cancelledAt !== undefined || !source.id.endsWith('-type:image')) {
      return `Parameter jobId (${String(body.jobId)}) must be a completed image job`;
    }
  }
  return undefined;
}

async function submit(ctx: SimContext, ex: Exchange, endpoint: string): Promise<void> {
  if (!useapiAuthorized(ctx, ex)) return;
  const read = await readBodyValue(ex, true);
  if (!read.ok) return sendUseapiError(ex, read.status, read.message);
  const valid = validateBody('useapi', endpoint, read.value);
  if (!valid.ok) return sendUseapiError(ex, 400, valid.message);
  const body = valid.body;
  const email = typeof body.email === 'string' ? body.email : ctx.options.useapiEmail;
  if (email !== ctx.options.useapiEmail)
    return sendUseapiError(ex, 400, `Account ${email} is not configured`);
  const planned = plannedFaults(ctx, body);
  if (!planned.ok) return sendUseapiError(ex, 400, planned.message);
  const problem = referenceProblem(ctx, endpoint, body);
  if (problem !== undefined) return sendUseapiError(ex, 400, problem);
  const maxJobs = typeof body.maxJobs === 'number' ? body.maxJobs : ctx.settings.useapiMaxJobs;
  if (maxJobs !== null && maxJobs > 0 && ctx.jobs.running('useapi', ctx.now()).length >= maxJobs) {
    ex.entry.fault = 'max-jobs';
    return sendUseapiError(
      ex,
      429,
      `Account ${email} is running ${maxJobs} jobs (maxJobs); retry when one ends`,
    );
  }
  if (planned.faults.insufficientFunds === true) {
    ex.entry.fault = 'insufficient-funds';
    return sendUseapiError(ex, 402, 'Insufficient funds. Required: 120 credits');
  }
  const kind = endpoint.startsWith('images/') ? 'image' : 'video';
  const job = createJob(ctx, {
    provider: 'useapi',
    endpoint,
    id: `email:${email}-job:${randomUUID()}-type:${kind}`,
    body,
    faults: planned.faults,
    asset: assetForUseapi(endpoint, body),
    extra: {
      generationId: `gen_${randomBytes(6).toString('hex')}`,
      email,
      ...(typeof body.replyRef === 'string' ? { replyRef: body.replyRef } : {}),
      ...(typeof body.replyUrl === 'string' ? { replyUrl: body.replyUrl } : {}),
    },
  });
  ex.entry.jobId = job.id;
  const polls = typeof body.pollForResult === 'number' ? body.pollForResult : 0;
  for (let i = 0; i < polls && phaseAt(job, ctx.now()) !== 'ended'; i += 1) {
    await sleep(ctx.timing.pollForResultStepMs);
  }
  if (polls > 0 && phaseAt(job, ctx.now()) === 'ended') return answerStatus(ctx, ex, job);
  sendJson(ex, 200, { jobId: job.id, generationId: job.generationId });
}

/** Counts a status read of `job` and answers its wire status. */
function answerStatus(ctx: SimContext, ex: Exchange, job: SimJob): void {
  const now = ctx.now();
  job.statusReads += 1;
  if (phaseAt(job, now) === 'ended') job.readsAfterEnd += 1;
  sendJson(ex, 200, renderUseapiJob(job, now, ctx.timing.progressSteps, ctx.storage));
}

function status(ctx: SimContext, ex: Exchange, jobId: string): void {
  if (!useapiAuthorized(ctx, ex)) return;
  const now = ctx.now();
  const job = ctx.jobs.get(jobId);
  if (job === undefined || job.provider !== 'useapi' || phaseAt(job, now) === 'expired') {
    sendUseapiError(ex, 404, `Job ${jobId} not found`);
    return;
  }
  ex.entry.jobId = job.id;
  answerStatus(ctx, ex, job);
}

function notFound(method: string, path: string): Route['handle'] {
  return (ctx, ex) => {
    if (!useapiAuthorized(ctx, ex)) return;
    ex.req.resume();
    const known = `POST ${USEAPI_ENDPOINTS.join(', ')}; GET assets/{jobId}; GET assets/?page=; POST assets/?type=; GET/DELETE scheduler`;
    sendUseapiError(ex, 404, `No route ${method} ${path}; the simulator serves ${known}`);
  };
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Classifies a request under the useapi prefix; `segments` is the path after `/useapi`, split on `/`. */
export function useapiRoute(method: string, segments: string[]): Route {
  const [v1, product, group = '', name, ...extra] = segments;
  const path = `/${segments.join('/')}`;
  if (v1 !== 'v1' || product !== 'ltxstudio' || extra.length > 0) {
    return { api: 'useapi', op: 'other', handle: notFound(method, path) };
  }
  const endpoint = USEAPI_ALIASES[`${group}/${name}`] ?? `${group}/${name}`;
  if (method === 'POST' && isUseapiEndpoint(endpoint)) {
    return { api: 'useapi', op: 'submit', handle: (c, e) => submit(c, e, endpoint) };
  }
  if (group === 'assets') {
    if (method === 'POST' && (name === undefined || name === ''))
      return { api: 'useapi', op: 'upload', handle: uploadAsset };
    if (method === 'GET' && name !== undefined && name !== '') {
      return { api: 'useapi', op: 'status', handle: (c, e) => status(c, e, decode(name)) };
    }
    if (method === 'GET') return { api: 'useapi', op: 'other', handle: listAssets };
  }
  if (group === 'scheduler') {
    if (method === 'GET' && (name === undefined || name === ''))
      return { api: 'useapi', op: 'scheduler', handle: listScheduler };
    if (method === 'GET' && name === 'available')
      return { api: 'useapi', op: 'scheduler', handle: schedulerAvailable };
    if (method === 'DELETE' && name !== undefined && name !== '') {
      return { api: 'useapi', op: 'cancel', handle: (c, e) => cancelJob(c, e, decode(name)) };
    }
  }
  return { api: 'useapi', op: 'other', handle: notFound(method, path) };
}
