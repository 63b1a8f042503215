/**
 * The ffmpeg the preview tests run (core's and the extension's). Plain ESM with JSDoc types; imports
 * nothing from src/ or dist/.
 */
import { spawnSync } from 'node:child_process';

/**
 * @param {string} name
 * @returns {string | undefined} the absolute path of `name` on PATH, when there is one
 */
function onPath(name) {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const path = found.stdout.trim();
  return found.status === 0 && path.startsWith('/') ? path : undefined;
}

/** @param {string[]} args */
function aptGet(args) {
  return spawnSync('apt-get', args, {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    stdio: 'inherit',
    timeout: 600_000,
  }).status;
}

/**
 * ffmpeg and ffprobe on PATH. When they are missing and the tests run as root on Debian, Debian's
 * `ffmpeg` package is installed first (as the e2e installs Chromium). Otherwise throws, saying what to
 * install: a missing tool never lets these tests pass silently.
 * @returns {{ ffmpeg: string; ffprobe: string }}
 */
export function ensureFfmpeg() {
  let ffmpeg = onPath('ffmpeg');
  if (ffmpeg === undefined && process.getuid?.() === 0 && onPath('apt-get') !== undefined) {
    const install = ['install', '-y', '-qq', '--no-install-recommends', 'ffmpeg'];
    if (aptGet(install) !== 0 && aptGet(['update', '-qq']) === 0) aptGet(install);
    ffmpeg = onPath('ffmpeg');
  }
  const ffprobe = onPath('ffprobe');
  if (ffmpeg === undefined || ffprobe === undefined) {
    throw new Error(
      'These tests need ffmpeg and ffprobe: sudo apt-get install -y --no-install-recommends ffmpeg',
    );
  }
  return { ffmpeg, ffprobe };
}
