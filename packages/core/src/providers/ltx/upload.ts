import type { Deps } from '../../deps.js';
import { requestJson, sendRequest } from '../../http/request.js';
import {
  checkLocalMedia,
  type LocalMedia,
  type LocalMediaRef,
  MEDIA_MIME_TYPES,
  readLocalMedia,
} from '../local-media.js';
import { LtxUploadSlotSchema } from './wire.js';

/** True for media values the LTX API fetches itself: `http(s)://` URLs, `data:` URIs, `ltx://` storage URIs. */
export function isLtxRemoteMedia(value: string): boolean {
  return /^(https?:\/\/|data:|ltx:\/\/)/i.test(value);
}

/** What an upload needs from the client. */
export interface LtxUploadContext {
  deps: Deps;
  baseUrl: string;
  apiKey: string;
  /** Timeout of `POST /v1/upload`, ms. */
  timeoutMs: number;
  /** Timeout of the PUT of the bytes, ms. */
  uploadTimeoutMs: number;
}

/**
 * Uploads one local file: `POST /v1/upload` (bearer auth) for a signed slot, then `PUT upload_url`
 * with the bytes, their Content-Type and Content-Length and every `required_headers` entry, without
 * the Authorization header (the URL is signed and on another origin). Accepts 200/201.
 * @returns the slot's `storage_uri` (`ltx://…`, valid 24 h).
 */
export async function uploadLtxMedia(context: LtxUploadContext, media: LocalMedia, signal?: AbortSignal) {
  const { deps } = context;
  const slot = await requestJson(deps, {
    provider: 'ltx',
    method: 'POST',
    url: `${context.baseUrl}/v1/upload`,
    token: context.apiKey,
    timeoutMs: context.timeoutMs,
    schema: LtxUploadSlotSchema,
    ...(signal && { signal }),
  });
  const headers = new Headers({
    'content-type': media.mimeType,
    'content-length': String(media.bytes.byteLength),
  });
  for (const [name, value] of Object.entries(slot.data.required_headers)) headers.set(name, value);
  await sendRequest(deps, {
    provider: 'artifact-host',
    method: 'PUT',
    url: slot.data.upload_url,
    headers: Object.fromEntries(headers.entries()),
    body: media.bytes,
    timeoutMs: context.uploadTimeoutMs,
    ...(signal && { signal }),
  });
  deps.logger.info('uploaded media', {
    field: media.jsonPath,
    bytes: media.bytes.byteLength,
    storageUri: slot.data.storage_uri,
  });
  return slot.data.storage_uri;
}

/** The media fields of `body` among `fields` that name local files (not URLs, data URIs or `ltx://`). */
export function ltxLocalMediaRefs(fields: readonly string[], body: Record<string, unknown>): LocalMediaRef[] {
  const extensions = Object.keys(MEDIA_MIME_TYPES);
  return fields.flatMap((field) => {
    const value = body[field];
    return typeof value === 'string' && !isLtxRemoteMedia(value) ? [{ field, value, extensions }] : [];
  });
}

/**
 * Replaces every media field of `body` that names a local file (a path relative to `baseDir`, an
 * absolute path or a `file://` URL) by the `storage_uri` of its upload. Every file is checked before
 * the first upload, so a bad one sends nothing. URLs, data URIs and `ltx://` URIs stay as they are.
 */
export async function resolveLtxMedia(
  context: LtxUploadContext,
  fields: readonly string[],
  body: Record<string, unknown>,
  options: { baseDir: string; signal?: AbortSignal },
): Promise<Record<string, unknown>> {
  const refs = ltxLocalMediaRefs(fields, body);
  await checkLocalMedia(refs, options.baseDir);
  const out = { ...body };
  for (const ref of refs) {
    const media = await readLocalMedia(ref.field, ref.value, options.baseDir, ref.extensions);
    out[ref.field] = await uploadLtxMedia(context, media, options.signal);
  }
  return out;
}
