import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';

/** Where an ffmpeg was found, or why none can be used. */
export type FfmpegLookup =
  | { found: true; path: string; from: 'setting' | 'PATH' }
  | { found: false; reason: string };

/** Options of {@link findFfmpeg}. */
export interface FindFfmpegOptions {
  /** A path the user configured (`ltxJobs.ffmpegPath`); blank or absent: search `PATH`. */
  configured?: string | undefined;
  /** The environment whose `PATH` (and, on Windows, `PATHEXT`) is searched. Default: `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Default: `process.platform`. */
  platform?: NodeJS.Platform;
}

/**
 * Finds an executable ffmpeg: the configured path when one is set (it must exist and be executable;
 * PATH is then not searched, so a wrong setting is reported rather than silently bypassed), else the
 * first `ffmpeg` on `PATH`. Never runs it.
 */
export async function findFfmpeg(options: FindFfmpegOptions = {}): Promise<FfmpegLookup> {
  const platform = options.platform ?? process.platform;
  const configured = options.configured?.trim();
  if (configured) {
    if (!isAbsolute(configured))
      return { found: false, reason: `ffmpegPath "${configured}" is not an absolute path` };
    return (await isExecutable(configured, platform))
      ? { found: true, path: configured, from: 'setting' }
      : { found: false, reason: `ffmpegPath ${configured} is not an executable file` };
  }
  const env = options.env ?? process.env;
  const names =
    platform === 'win32'
      ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';').map((ext) => `ffmpeg${ext.toLowerCase()}`)
      : ['ffmpeg'];
  const dirs = (env.PATH ?? env.Path ?? '').split(platform === 'win32' ? ';' : delimiter).filter(Boolean);
  for (const dir of dirs) {
    for (const name of names) {
      const path = join(dir, name);
      if (await isExecutable(path, platform)) return { found: true, path, from: 'PATH' };
    }
  }
  return { found: false, reason: 'no ffmpeg on PATH' };
}

async function isExecutable(path: string, platform: NodeJS.Platform): Promise<boolean> {
  try {
    if (!(await stat(path)).isFile()) return false;
    if (platform !== 'win32') await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
