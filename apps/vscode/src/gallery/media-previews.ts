import { stat } from 'node:fs/promises';
import {
  createLimiter,
  createPreviewMaker,
  type FfmpegLookup,
  findFfmpeg,
  type Logger,
  type PreviewMaker,
  pruneCache,
  readVideoFacts,
  type VideoFacts,
} from '@ltx-jobs/core';
import { Listeners } from '../services/listeners.js';

/** The file to play for a video and what the user hears. */
export interface Playable {
  path: string;
  /** `ok`: the file as is; `copy`: a sound copy of an AAC file; `silent`: AAC without ffmpeg. */
  sound: 'ok' | 'copy' | 'silent';
}

/** Options of {@link MediaPreviews}. */
export interface MediaPreviewsOptions {
  /** The cache folder of sound copies and posters (the extension's global storage). */
  cacheDir: string;
  /** `ltxJobs.ffmpegPath`, read at call time. */
  ffmpegPath: () => string;
  logger: Logger;
}

const VIDEO = /\.(mp4|mov|m4v)$/i;
/** Video files read at once by {@link MediaPreviews.readMissingFacts}. */
const FACT_READS = 4;

/**
 * What the gallery and the preview need from a video beyond its file: its facts (length, size, AAC or
 * not) read from its boxes, a poster frame and a sound copy made with ffmpeg when there is one. Every
 * result is cached; the artifacts are only read. Node-only (no `vscode`).
 */
export class MediaPreviews {
  private readonly factCache = new Map<string, { stamp: string; facts: VideoFacts | undefined }>();
  private readonly changes = new Listeners<string>();
  private lookup: { configured: string; result: Promise<FfmpegLookup> } | undefined;
  private maker: { path: string; maker: PreviewMaker } | undefined;
  private readonly queued = new Set<string>();
  private readonly readLimit = createLimiter(FACT_READS);

  constructor(private readonly options: MediaPreviewsOptions) {}

  /** Keeps the cache of sound copies and posters under its bound (1 GiB), oldest use first. */
  async prune(): Promise<void> {
    const result = await pruneCache(this.options.cacheDir);
    if (result.removed > 0) {
      const mib = (result.freedBytes / 1_048_576).toFixed(1);
      this.options.logger.info(`Preview cache: removed ${result.removed} old previews (${mib} MiB)`);
    }
  }

  /** Called with a path whose facts were just read. */
  onDidChange(listener: (path: string) => void): () => void {
    return this.changes.add(listener);
  }

  /** Where ffmpeg is, or why there is none; looked up again when the setting changes. */
  ffmpeg(): Promise<FfmpegLookup> {
    const configured = this.options.ffmpegPath();
    if (this.lookup?.configured !== configured) {
      this.lookup = { configured, result: findFfmpeg({ configured }) };
      void this.lookup.result.then((found) =>
        this.options.logger.info(
          found.found ? `Using ffmpeg ${found.path} (from ${found.from})` : `No ffmpeg: ${found.reason}`,
        ),
      );
    }
    return this.lookup.result;
  }

  /** Facts already read for `path` (undefined until {@link readFacts} finished, or not a video). */
  factsOf(path: string): VideoFacts | undefined {
    return this.factCache.get(path)?.facts;
  }

  /**
   * Reads the facts of those `paths` never read yet, a few files at a time (a gallery of hundreds of
   * results opens no more than {@link FACT_READS} files at once, and a redraw re-reads nothing).
   */
  readMissingFacts(paths: Iterable<string>): void {
    for (const path of paths) {
      if (!VIDEO.test(path) || this.factCache.has(path) || this.queued.has(path)) continue;
      this.queued.add(path);
      void this.readLimit(() => this.readFacts(path)).finally(() => this.queued.delete(path));
    }
  }

  /**
   * Reads (or returns the cached) facts of the video at `path`; undefined for a file that is not an
   * MP4/MOV or cannot be read (logged once). Fires `onDidChange` when they are new.
   */
  async readFacts(path: string): Promise<VideoFacts | undefined> {
    if (!VIDEO.test(path)) return undefined;
    const info = await stat(path).catch(() => undefined);
    if (info === undefined) return undefined;
    const stamp = `${info.size}:${info.mtimeMs}`;
    const known = this.factCache.get(path);
    if (known?.stamp === stamp) return known.facts;
    const facts = await readVideoFacts(path).catch((error: unknown) => {
      this.options.logger.warn(`Cannot read ${path} as a video: ${String(error)}`);
      return undefined;
    });
    this.factCache.set(path, { stamp, facts });
    this.changes.fire(path);
    return facts;
  }

  /** A poster frame of the video at `path` made with ffmpeg; undefined without ffmpeg (or on failure, logged). */
  async poster(path: string, signal?: AbortSignal): Promise<string | undefined> {
    const maker = await this.previewMaker();
    if (maker === undefined || !VIDEO.test(path)) return undefined;
    return maker.poster(path, signal).catch((error: unknown) => {
      this.options.logger.warn(`No poster frame for ${path}: ${String(error)}`);
      return undefined;
    });
  }

  /**
   * The file to play for `path`: a sound copy (video copied, audio MP3/FLAC) of an AAC video when
   * ffmpeg is there, the file itself otherwise. A failed copy falls back to the file, silent.
   */
  async playable(path: string, signal?: AbortSignal): Promise<Playable> {
    const facts = await this.readFacts(path);
    if (facts?.sound !== 'aac') return { path, sound: 'ok' };
    const maker = await this.previewMaker();
    if (maker === undefined) return { path, sound: 'silent' };
    try {
      return { path: await maker.soundCopy(path, signal), sound: 'copy' };
    } catch (error) {
      this.options.logger.warn(`No sound copy of ${path}: ${String(error)}`);
      return { path, sound: 'silent' };
    }
  }

  private async previewMaker(): Promise<PreviewMaker | undefined> {
    const found = await this.ffmpeg();
    if (!found.found) return undefined;
    if (this.maker?.path !== found.path) {
      this.maker = {
        path: found.path,
        maker: createPreviewMaker({ ffmpeg: found.path, cacheDir: this.options.cacheDir }),
      };
    }
    return this.maker.maker;
  }
}
