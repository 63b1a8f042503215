import { stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bytesSource, MediaReadError, withSource } from '../media/byte-source.js';
import { type HttpSourceLimits, openHttpSource } from '../media/http-source.js';
import { type MediaInfo, readMediaInfo, readMediaInfoFrom } from '../media/media-info.js';

/** Reads the duration (and picture size) of the media a request field names. */
export type MediaReader = (value: string) => Promise<MediaInfo>;

/** Options of {@link createMediaReader}. */
export interface MediaReaderOptions {
  /** Folder relative paths are resolved against (the request file's). */
  baseDir: string;
  /** Limits of the Range reads of `https://` media. */
  remote?: HttpSourceLimits;
  /** Remember answers (local files by path, size and mtime; URLs by URL), for editors that ask often. */
  cache?: Map<string, Promise<MediaInfo>>;
}

/**
 * The default {@link MediaReader}: a local path (relative to `baseDir`), `file://` URL, `data:` URI
 * (decoded), or `https://` URL (bounded Range reads). An `ltx://` storage URI cannot be read back.
 * Throws {@link MediaReadError} saying why the duration cannot be known.
 */
export function createMediaReader(options: MediaReaderOptions): MediaReader {
  const cache = options.cache;
  const remember = (key: string, read: () => Promise<MediaInfo>) => {
    if (!cache) return read();
    let found = cache.get(key);
    if (!found) {
      found = read();
      cache.set(key, found);
      found.catch(() => cache.delete(key));
    }
    return found;
  };
  return async (value) => {
    if (/^https?:\/\//i.test(value)) {
      return remember(value, () =>
        withSource(openHttpSource(value, options.remote), (s) => readMediaInfoFrom(s, value)),
      );
    }
    if (/^data:/i.test(value)) return readDataUri(value);
    if (/^ltx:\/\//i.test(value)) {
      throw new MediaReadError(`${value}: an uploaded ltx:// file cannot be read back to learn its length`);
    }
    const path = /^file:\/\//i.test(value)
      ? fileURLToPath(value)
      : isAbsolute(value)
        ? value
        : resolve(options.baseDir, value);
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) throw new MediaReadError(`${path}: file not found`);
    return remember(`${path}\0${info.size}\0${info.mtimeMs}`, () => readMediaInfo(path));
  };
}

async function readDataUri(value: string): Promise<MediaInfo> {
  const comma = value.indexOf(',');
  const label = `${value.slice(0, Math.min(comma, 40))}…`;
  if (comma < 0 || !/;base64$/i.test(value.slice(0, comma))) {
    throw new MediaReadError(`${label}: only base64 data: URIs are read`);
  }
  const bytes = Buffer.from(value.slice(comma + 1), 'base64');
  return withSource(bytesSource(bytes), (s) => readMediaInfoFrom(s, 'data: URI'));
}
