import { readFile, stat } from 'node:fs/promises';
import { extname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../errors/usage-error.js';
import { clip, showValue } from '../request-file/issues.js';

/** Content types by file extension (lower case, no dot) for the media both APIs accept. */
export const MEDIA_MIME_TYPES: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  mkv: 'video/x-matroska',
  wav: 'audio/wav',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  ogg: 'audio/ogg',
};

/** The image subset of {@link MEDIA_MIME_TYPES} (useapi takes images only). */
export const IMAGE_EXTENSIONS: readonly string[] = ['png', 'jpg', 'jpeg', 'webp'];

/** A local file read for upload. */
export interface LocalMedia {
  /** `$.request.<field>`: where the reference stood in the request file. */
  jsonPath: string;
  /** Absolute path of the file. */
  path: string;
  bytes: Uint8Array;
  mimeType: string;
}

/** Content type for `path` by its extension, or `undefined` when unsupported. */
export function mimeTypeOf(path: string): string | undefined {
  return MEDIA_MIME_TYPES[extname(path).slice(1).toLowerCase()];
}

/** A media field of a request body that names a local file, to be uploaded on submit. */
export interface LocalMediaRef {
  /** The body field, e.g. `image_uri`. */
  field: string;
  /** The path as written: relative to the request file, absolute, or a `file://` URL. */
  value: string;
  /** Extensions the provider takes for it (lower case, no dot). */
  extensions: readonly string[];
}

/**
 * Checks the local file that `value` names (a path relative to `baseDir`, an absolute path or a
 * `file://` URL) without reading it: its absolute path and content type, or why it cannot be uploaded
 * (an extension outside `extensions`, missing, not a regular file). The problem does not name the field.
 */
export async function locateLocalMedia(
  value: string,
  baseDir: string,
  extensions: readonly string[] = Object.keys(MEDIA_MIME_TYPES),
): Promise<{ path: string; mimeType: string } | { problem: string }> {
  const path = /^file:\/\//i.test(value)
    ? fileURLToPath(value)
    : isAbsolute(value)
      ? value
      : resolve(baseDir, value);
  const extension = extname(path).slice(1).toLowerCase();
  const mimeType = extensions.includes(extension) ? MEDIA_MIME_TYPES[extension] : undefined;
  if (mimeType === undefined) {
    const allowed = extensions.map((e) => `.${e}`).join(', ');
    return { problem: `${showValue(value)} is not a URL and its extension is not one of ${allowed}` };
  }
  const info = await stat(path).catch(() => undefined);
  if (!info)
    return {
      problem: `file not found: ${clip(path, 200)} (from ${showValue(value)}, relative to ${baseDir})`,
    };
  if (!info.isFile()) return { problem: `${clip(path, 200)} is not a file` };
  return { path, mimeType };
}

/**
 * Reads the local file that `value` names (see {@link locateLocalMedia}). Throws {@link UsageError}
 * naming the JSON path (`$.request.<field>`) and the resolved path when it cannot be uploaded.
 */
export async function readLocalMedia(
  field: string,
  value: string,
  baseDir: string,
  extensions: readonly string[] = Object.keys(MEDIA_MIME_TYPES),
): Promise<LocalMedia> {
  const found = await locateLocalMedia(value, baseDir, extensions);
  if ('problem' in found) throw mediaError(field, found.problem);
  const bytes = await readFile(found.path);
  return { jsonPath: `$.request.${field}`, path: found.path, bytes, mimeType: found.mimeType };
}

/**
 * Checks every file of `refs` before the caller uploads any of them, so a request with one bad media
 * field sends nothing. Throws the {@link UsageError} of the first that cannot be uploaded.
 */
export async function checkLocalMedia(refs: readonly LocalMediaRef[], baseDir: string): Promise<void> {
  for (const ref of refs) {
    const found = await locateLocalMedia(ref.value, baseDir, ref.extensions);
    if ('problem' in found) throw mediaError(ref.field, found.problem);
  }
}

function mediaError(field: string, problem: string): UsageError {
  return new UsageError(`$.request.${field}: ${problem}`);
}
