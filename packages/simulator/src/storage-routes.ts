import { loadAsset } from './assets.js';
import { BodyTooLargeError, type Exchange, readBody, sendEmpty, sendStorageError } from './http-kit.js';
import { phaseAt } from './job-clock.js';
import type { Route } from './route.js';
import { sendBytes } from './send-bytes.js';
import type { SimContext } from './sim-context.js';
import { MAX_UPLOAD_BYTES } from './storage-state.js';

function signed(ex: Exchange, token: string): boolean {
  return ex.url.searchParams.get('X-Goog-Signature') === token;
}

/** Refuses a request that carries an Authorization header: signed URLs need no token, and must get none. */
function refuseAuthorization(ex: Exchange): boolean {
  if (ex.req.headers.authorization === undefined) return false;
  ex.req.resume();
  sendStorageError(
    ex,
    403,
    'AccessDenied',
    'Signed URLs take no Authorization header; an API token was sent to the storage host',
  );
  return true;
}

function serveArtifact(ctx: SimContext, ex: Exchange, id: string): void {
  if (refuseAuthorization(ex)) return;
  const artifact = ctx.storage.artifacts.get(id);
  if (artifact === undefined || !signed(ex, artifact.token)) {
    sendStorageError(ex, 403, 'SignatureDoesNotMatch', 'The request signature does not match');
    return;
  }
  ex.entry.jobId = artifact.jobId;
  const job = ctx.jobs.get(artifact.jobId);
  const phase = job === undefined ? 'expired' : phaseAt(job, ctx.now());
  if (phase === 'expired') {
    sendStorageError(ex, 403, 'AccessDenied', 'Request has expired');
    return;
  }
  if (phase !== 'ended' || job?.failure !== undefined || job?.cancelledAt !== undefined) {
    sendStorageError(ex, 404, 'NoSuchKey', 'The specified key does not exist');
    return;
  }
  const cut = artifact.cutOnce && !artifact.cutDone && ex.req.method === 'GET';
  artifact.downloads += 1;
  if (sendBytes(ex, loadAsset(artifact.asset), artifact.mimeType, cut, artifact.bytesPerSecond)) {
    artifact.cutDone = true;
    ex.entry.outcome = 'cut';
    ex.entry.fault = 'cut-download';
  }
}

function serveAsset(ctx: SimContext, ex: Exchange, id: string): void {
  if (refuseAuthorization(ex)) return;
  const asset = ctx.storage.assets.get(id);
  if (asset === undefined || !signed(ex, asset.token)) {
    sendStorageError(ex, 403, 'SignatureDoesNotMatch', 'The request signature does not match');
    return;
  }
  sendBytes(ex, asset.data, asset.mimeType, false);
}

async function putUpload(ctx: SimContext, ex: Exchange, id: string): Promise<void> {
  if (refuseAuthorization(ex)) return;
  const slot = ctx.storage.uploads.get(id);
  if (slot === undefined || !signed(ex, slot.token)) {
    ex.req.resume();
    return sendStorageError(ex, 403, 'SignatureDoesNotMatch', 'The request signature does not match');
  }
  if (ctx.now() > slot.expiresAt) {
    ex.req.resume();
    return sendStorageError(ex, 403, 'AccessDenied', 'Request has expired');
  }
  for (const [name, value] of Object.entries(slot.requiredHeaders)) {
    if (ex.req.headers[name.toLowerCase()] !== value) {
      ex.req.resume();
      return sendStorageError(ex, 403, 'AccessDenied', `Missing required header ${name}: ${value}`);
    }
  }
  let data: Buffer;
  try {
    data = await readBody(ex.req, MAX_UPLOAD_BYTES);
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    return sendStorageError(ex, 400, 'EntityTooLarge', `Upload exceeds ${MAX_UPLOAD_BYTES} bytes`);
  }
  slot.data = data;
  slot.contentType = ex.req.headers['content-type'] ?? 'application/octet-stream';
  slot.uploadedAt = ctx.now();
  sendEmpty(ex, 200);
}

function notFound(_ctx: SimContext, ex: Exchange): void {
  ex.req.resume();
  sendStorageError(ex, 404, 'NoSuchKey', 'The specified key does not exist');
}

/** Classifies a request on the storage host (artifacts, useapi assets, LTX upload targets). */
export function storageRoute(method: string, segments: string[]): Route {
  const [kind, id = '', ...rest] = segments;
  const read = method === 'GET' || method === 'HEAD';
  if (kind === 'artifacts' && read && rest.length <= 1) {
    return { api: 'storage', op: 'download', handle: (c, e) => serveArtifact(c, e, id) };
  }
  if (kind === 'files' && read && rest.length === 0) {
    return { api: 'storage', op: 'download', handle: (c, e) => serveAsset(c, e, id) };
  }
  if (kind === 'uploads' && method === 'PUT' && rest.length === 0) {
    return { api: 'storage', op: 'upload-put', handle: (c, e) => putUpload(c, e, id) };
  }
  return { api: 'storage', op: 'other', handle: notFound };
}
