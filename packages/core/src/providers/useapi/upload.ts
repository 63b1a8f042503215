import { extname } from 'node:path';
import type { Deps } from '../../deps.js';
import { requestJson } from '../../http/request.js';
import { checkLocalMedia, IMAGE_EXTENSIONS, type LocalMediaRef, readLocalMedia } from '../local-media.js';
import { UseapiUploadResponseSchema } from './wire.js';

/** What an upload needs from the client. */
export interface UseapiUploadContext {
  deps: Deps;
  /** `{baseUrl}/v1/ltxstudio`, no trailing slash. */
  root: string;
  apiToken: string;
  /** Timeout of one upload, ms. */
  uploadTimeoutMs: number;
}

/**
 * True when an asset-id value names a local file to upload: a `file://` URL, or (not an `asset:` id
 * and no other URL) a value with a path separator or a file extension. Other values, such as ids in
 * a format this client does not know, are passed to the server as they are.
 */
export function isUseapiLocalImage(value: string): boolean {
  if (/^file:\/\//i.test(value)) return true;
  if (/^(asset:|[a-z][a-z0-9+.-]*:\/\/)/i.test(value)) return false;
  return /[\\/]/.test(value) || extname(value) !== '';
}

/** The asset-id fields of `body` among `fields` that name local images (see {@link isUseapiLocalImage}). */
export function useapiLocalMediaRefs(
  fields: readonly string[],
  body: Record<string, unknown>,
): LocalMediaRef[] {
  return fields.flatMap((field) => {
    const value = body[field];
    return typeof value === 'string' && isUseapiLocalImage(value)
      ? [{ field, value, extensions: IMAGE_EXTENSIONS }]
      : [];
  });
}

/**
 * Replaces every asset-id field of `body` that names a local image by the `fileId` of its upload:
 * `POST assets/?type=<uploadType>[&email=]` with the file's Content-Type and raw bytes. Every file is
 * checked before the first upload, so a bad one sends nothing.
 */
export async function resolveUseapiMedia(
  context: UseapiUploadContext,
  fields: readonly string[],
  uploadType: 'image' | 'reference-image',
  body: Record<string, unknown>,
  options: { baseDir: string; signal?: AbortSignal },
): Promise<Record<string, unknown>> {
  const refs = useapiLocalMediaRefs(fields, body);
  await checkLocalMedia(refs, options.baseDir);
  const out = { ...body };
  for (const { field, value, extensions } of refs) {
    const media = await readLocalMedia(field, value, options.baseDir, extensions);
    const query = new URLSearchParams({ type: uploadType });
    if (typeof body.email === 'string') query.set('email', body.email);
    const response = await requestJson(context.deps, {
      provider: 'useapi',
      method: 'POST',
      url: `${context.root}/assets/?${query.toString()}`,
      token: context.apiToken,
      headers: { 'content-type': media.mimeType },
      body: media.bytes,
      timeoutMs: context.uploadTimeoutMs,
      schema: UseapiUploadResponseSchema,
      ...(options.signal && { signal: options.signal }),
    });
    out[field] = response.data.asset.fileId;
    context.deps.logger.info('uploaded media', {
      field: media.jsonPath,
      bytes: media.bytes.byteLength,
      fileId: out[field],
    });
  }
  return out;
}
