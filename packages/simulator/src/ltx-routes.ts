import { randomUUID } from 'node:crypto';
import { isLtxEndpoint, LTX_ENDPOINTS, mediaFieldsOf } from '@ltx-jobs/core';
import { assetForLtx } from './assets.js';
import { charge, chargeOf, insufficientFunds } from './balance.js';
import { readBodyValue } from './body.js';
import { validateBody } from './body-validation.js';
import { bearerToken, type Exchange, sendApiError, sendJson } from './http-kit.js';
import { endsAt, phaseAt } from './job-clock.js';
import { createJob, plannedFaults } from './job-factory.js';
import { renderLtxJob } from './ltx-render.js';
import type { Route } from './route.js';
import type { SimContext } from './sim-context.js';

function authorized(ctx: SimContext, ex: Exchange): boolean {
  const token = bearerToken(ex.req);
  if (token === ctx.options.ltxApiKey) return true;
  ex.req.resume();
  const message = token === undefined ? 'Missing authorization header' : 'Invalid API key';
  sendApiError(ex, 401, 'authentication_error', message);
  return false;
}

/** `field: problem` for the first media field that points at nothing usable, else undefined. */
function mediaProblem(ctx: SimContext, endpoint: string, body: Record<string, unknown>): string | undefined {
  for (const field of mediaFieldsOf('ltx', endpoint)) {
    const value = body[field];
    if (typeof value !== 'string') continue;
    if (value.startsWith('ltx://uploads/')) {
      const slot = ctx.storage.uploads.get(value.slice('ltx://uploads/'.length));
      if (slot?.data === undefined)
        return `${field}: ${value} was never uploaded (PUT the file to its upload_url first)`;
    } else if (!/^(https:\/\/|data:|http:\/\/(127\.0\.0\.1|localhost)[:/])/.test(value)) {
      return `${field}: must be an https:// URL, a data: URI or an ltx:// storage_uri; got "${value.slice(0, 80)}"`;
    }
  }
  return undefined;
}

function concurrencyProblem(ctx: SimContext, ex: Exchange): boolean {
  const limit = ctx.settings.ltxConcurrencyLimit;
  if (limit === null || limit <= 0) return false;
  const now = ctx.now();
  const running = ctx.jobs.running('ltx', now);
  if (running.length < limit) return false;
  const firstEnd = Math.min(...running.map((job) => endsAt(job)));
  const retryAfter = String(Math.max(1, Math.ceil((firstEnd - now) / 1000)));
  ex.entry.fault = 'concurrency-limit';
  sendApiError(ex, 429, 'concurrency_limit_error', `Too many concurrent generations (limit ${limit})`, {
    'retry-after': retryAfter,
  });
  return true;
}

async function submit(ctx: SimContext, ex: Exchange, endpoint: string): Promise<void> {
  if (!authorized(ctx, ex)) return;
  const read = await readBodyValue(ex, false);
  if (!read.ok) {
    const type = read.status === 413 ? 'request_too_large' : 'invalid_request_error';
    return sendApiError(ex, read.status, type, read.message);
  }
  const valid = validateBody('ltx', endpoint, read.value, {
    acceptUnknownValues: ctx.settings.acceptUnknownValues,
  });
  if (!valid.ok) return sendApiError(ex, 400, 'invalid_request_error', valid.message);
  const planned = plannedFaults(ctx, valid.body);
  if (!planned.ok) return sendApiError(ex, 400, 'invalid_request_error', planned.message);
  const media = mediaProblem(ctx, endpoint, valid.body);
  if (media !== undefined) return sendApiError(ex, 400, 'invalid_request_error', media);
  if (planned.faults.insufficientFunds === true) {
    ex.entry.fault = 'insufficient-funds';
    return sendApiError(ex, 402, 'insufficient_funds_error', 'Insufficient funds. Required: 120 credits');
  }
  const cost = await chargeOf(ctx, endpoint, valid.body);
  const broke = insufficientFunds(ctx, cost);
  if (broke !== undefined) {
    ex.entry.fault = 'insufficient-funds';
    return sendApiError(ex, 402, 'insufficient_funds_error', broke);
  }
  if (concurrencyProblem(ctx, ex)) return;
  charge(ctx, cost);
  const job = createJob(ctx, {
    provider: 'ltx',
    endpoint,
    id: ctx.options.ltxJobId?.(ctx.jobs.nextIndex()) ?? randomUUID(),
    body: valid.body,
    faults: planned.faults,
    asset: assetForLtx(endpoint, valid.body),
  });
  ex.entry.jobId = job.id;
  sendJson(ex, 202, { id: job.id, created_at: new Date(job.createdAt).toISOString() });
}

function status(ctx: SimContext, ex: Exchange, endpoint: string, id: string): void {
  if (!authorized(ctx, ex)) return;
  const job = ctx.jobs.get(id);
  const now = ctx.now();
  if (
    job === undefined ||
    job.provider !== 'ltx' ||
    job.endpoint !== endpoint ||
    phaseAt(job, now) === 'expired'
  ) {
    sendApiError(ex, 404, 'not_found_error', 'Job not found');
    return;
  }
  ex.entry.jobId = job.id;
  job.statusReads += 1;
  if (phaseAt(job, now) === 'ended') job.readsAfterEnd += 1;
  sendJson(ex, 200, renderLtxJob(job, now, ctx.storage));
}

function upload(ctx: SimContext, ex: Exchange): void {
  if (!authorized(ctx, ex)) return;
  ex.req.resume();
  const slot = ctx.storage.addUpload(ctx.now());
  sendJson(ex, 200, {
    upload_url: ctx.storage.uploadUrl(slot),
    storage_uri: `ltx://uploads/${slot.id}`,
    expires_at: new Date(slot.expiresAt).toISOString(),
    required_headers: slot.requiredHeaders,
  });
}

function notFound(message: string): Route['handle'] {
  return (ctx, ex) => {
    if (!authorized(ctx, ex)) return;
    ex.req.resume();
    sendApiError(ex, 404, 'not_found_error', message);
  };
}

/** Classifies a request under the LTX prefix; `segments` is the path after `/ltx`, split on `/`. */
export function ltxRoute(method: string, segments: string[]): Route {
  const [version, endpoint = '', id, ...extra] = segments;
  if (version === 'v2' && isLtxEndpoint(endpoint) && extra.length === 0) {
    if (method === 'POST' && id === undefined)
      return { api: 'ltx', op: 'submit', handle: (c, e) => submit(c, e, endpoint) };
    if (method === 'GET' && id !== undefined && id !== '') {
      return { api: 'ltx', op: 'status', handle: (c, e) => status(c, e, endpoint, decodeURIComponent(id)) };
    }
  }
  if (version === 'v1' && endpoint === 'upload' && id === undefined && method === 'POST') {
    return { api: 'ltx', op: 'upload', handle: upload };
  }
  const known = `POST/GET /v2/{${LTX_ENDPOINTS.join('|')}}[/{id}], POST /v1/upload`;
  return {
    api: 'ltx',
    op: 'other',
    handle: notFound(`No route ${method} /${segments.join('/')}; the simulator serves ${known}`),
  };
}
