import { readFile, stat } from 'node:fs/promises';
import { extname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../errors/usage-error.js';

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

/**
 * Reads the local file that `value` names: a path relative to `baseDir`, an absolute path or a
 * `file://` URL. Throws
 * {@link UsageError} naming the JSON path and the resolved path when the file is missing, is not a
 * regular file, or has an extension outside `extensions`.
 */
export async function readLocalMedia(
  field: string,
  value: string,
  baseDir: string,
  extensions: readonly string[] = Object.keys(MEDIA_MIME_TYPES),
): Promise<LocalMedia> {
  const jsonPath = `$.request.${field}`;
  const path = /^file:\/\//i.test(value)
    ? fileURLToPath(value)
    : isAbsolute(value)
      ? value
      : resolve(baseDir, value);
  const extension = extname(path).slice(1).toLowerCase();
  const mimeType = extensions.includes(extension) ? MEDIA_MIME_TYPES[extension] : undefined;
  if (mimeType === undefined) {
    throw new UsageError(
      `${jsonPath}: "${value}" is not a URL and its extension is not one of ${extensions.map((e) => `.${e}`).join(', ')}`,
    );
  }
  const info = await stat(path).catch(() => undefined);
  if (!info)
    throw new UsageError(`${jsonPath}: file not found: ${path} (from "${value}", relative to ${baseDir})`);
  if (!info.isFile()) throw new UsageError(`${jsonPath}: ${path} is not a file`);
  const bytes = await readFile(path);
  return { jsonPath, path, bytes, mimeType };
}
