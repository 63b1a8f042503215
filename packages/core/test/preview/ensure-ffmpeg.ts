import { spawnSync } from 'node:child_process';
import { findFfmpeg } from '../../src/preview/find-ffmpeg.js';

/**
 * The ffmpeg the preview tests run: the one on PATH; when there is none and the tests run as root on
 * Debian, Debian's `ffmpeg` package is installed first (as the e2e installs Chromium). Otherwise the
 * tests fail, saying what to install: a missing tool never makes them pass silently.
 */
export async function ensureFfmpeg(): Promise<{ ffmpeg: string; ffprobe: string }> {
  let found = await findFfmpeg();
  if (!found.found && process.getuid?.() === 0 && spawnSync('apt-get', ['--version']).status === 0) {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const install = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'ffmpeg'], {
      env,
      stdio: 'inherit',
      timeout: 600_000,
    });
    if (install.status !== 0) {
      spawnSync('apt-get', ['update', '-qq'], { env, stdio: 'inherit', timeout: 300_000 });
      spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'ffmpeg'], {
        env,
        stdio: 'inherit',
        timeout: 600_000,
      });
    }
    found = await findFfmpeg();
  }
  if (!found.found) {
    throw new Error(
      `These tests need ffmpeg (${found.reason}): sudo apt-get install -y --no-install-recommends ffmpeg`,
    );
  }
  return { ffmpeg: found.path, ffprobe: found.path.replace(/ffmpeg(\.exe)?$/i, 'ffprobe$1') };
}

/** Runs a tool and returns its stdout; throws with its stderr when it fails. */
export function output(tool: string, args: string[]): string {
  const result = spawnSync(tool, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 60_000 });
  if (result.status !== 0) throw new Error(`${tool} ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}
