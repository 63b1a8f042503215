import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { isAbortError } from '../deps.js';
import { createLimiter } from './limiter.js';
import { touchCacheEntry } from './prune-cache.js';
import { FfmpegError, runFfmpeg } from './run-ffmpeg.js';

/** Options of {@link createPreviewMaker}. */
export interface PreviewMakerOptions {
  /** Absolute path of an ffmpeg (see `findFfmpeg`). */
  ffmpeg: string;
  /** Folder of the cache (created when needed); never a folder of artifacts. */
  cacheDir: string;
  /** ffmpeg processes at once. Default 1 (previews are background work). */
  concurrency?: number;
  /** Width of poster frames in pixels (height follows the aspect). Default 480. */
  posterWidth?: number;
}

/** Makes, and caches, what the editor needs to show a video: a copy with playable sound, a poster frame. */
export interface PreviewMaker {
  /**
   * A copy of `source` with its video stream copied bit for bit and its audio re-encoded as MP3
   * (FLAC when this ffmpeg has no MP3 encoder), which VS Code's media stack can decode. Cached by the
   * source's path, size and modification time; the source is only read.
   */
  soundCopy(source: string, signal?: AbortSignal): Promise<string>;
  /** One JPEG frame of `source` (half a second in, else its first frame), cached like {@link soundCopy}. */
  poster(source: string, signal?: AbortSignal): Promise<string>;
}

/**
 * A {@link PreviewMaker} over one ffmpeg and one cache folder. Files appear under their final name
 * only when complete (temp file, then rename); the same request made twice at once runs ffmpeg once.
 */
export function createPreviewMaker(options: PreviewMakerOptions): PreviewMaker {
  const limit = createLimiter(options.concurrency ?? 1);
  const running = new Map<string, Promise<string>>();
  const width = options.posterWidth ?? 480;

  async function cached(
    source: string,
    kind: 'sound' | 'poster',
    make: (input: string, output: string, signal?: AbortSignal) => Promise<void>,
    signal?: AbortSignal,
  ): Promise<string> {
    const input = resolve(source);
    const info = await stat(input);
    const key = createHash('sha256')
      .update(`${input}\0${info.size}\0${info.mtimeMs}`)
      .digest('hex')
      .slice(0, 24);
    const dir = join(options.cacheDir, key);
    const output = join(dir, kind === 'sound' ? basename(input) : 'poster.jpg');
    if (resolve(output) === input) throw new FfmpegError(`refusing to write over ${input}`);
    const done = await stat(output).then(
      (s) => s.isFile() && s.size > 0,
      () => false,
    );
    if (done) {
      await touchCacheEntry(dir);
      return output;
    }
    const pending = running.get(output);
    if (pending) return pending;
    const work = limit(async () => {
      await mkdir(dir, { recursive: true });
      const temp = join(dir, `.${randomBytes(4).toString('hex')}.tmp${extname(output)}`);
      try {
        await make(input, temp, signal);
        await rename(temp, output);
        return output;
      } finally {
        await rm(temp, { force: true });
      }
    }).finally(() => running.delete(output));
    running.set(output, work);
    return work;
  }

  const remux = (codec: string[]) => (input: string, output: string, signal?: AbortSignal) =>
    runFfmpeg(
      options.ffmpeg,
      [
        '-i',
        input,
        '-map',
        '0:v',
        '-map',
        '0:a?',
        '-c:v',
        'copy',
        ...codec,
        '-map_metadata',
        '0',
        '-movflags',
        '+faststart',
        '-f',
        'mp4',
        '-y',
        output,
      ],
      { signal },
    );

  return {
    soundCopy: (source, signal) =>
      cached(
        source,
        'sound',
        async (input, output, sig) => {
          try {
            await remux(['-c:a', 'libmp3lame', '-q:a', '4'])(input, output, sig);
          } catch (error) {
            if (isAbortError(error)) throw error;
            await remux(['-c:a', 'flac'])(input, output, sig);
          }
        },
        signal,
      ),
    poster: (source, signal) =>
      cached(
        source,
        'poster',
        async (input, output, sig) => {
          const frame = (seek: string[]) =>
            runFfmpeg(
              options.ffmpeg,
              [
                ...seek,
                '-i',
                input,
                '-frames:v',
                '1',
                '-vf',
                `scale=${width}:-2`,
                '-q:v',
                '4',
                '-f',
                'image2',
                '-y',
                output,
              ],
              { signal: sig },
            );
          await frame(['-ss', '0.5']).catch((error: unknown) => {
            if (isAbortError(error)) throw error;
          });
          // A clip shorter than half a second yields no frame there: take its first one.
          const made = await stat(output).then(
            (s) => s.size > 0,
            () => false,
          );
          if (!made) await frame([]);
        },
        signal,
      ),
  };
}
