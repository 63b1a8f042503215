import { spawn } from 'node:child_process';
import { abortError } from '../deps.js';

/** ffmpeg ended badly: the message carries its exit status and the last lines it printed. */
export class FfmpegError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FfmpegError';
  }
}

/** True for an {@link FfmpegError} (by name, which survives bundling). */
export function isFfmpegError(error: unknown): error is FfmpegError {
  return error instanceof Error && error.name === 'FfmpegError';
}

/** Longest ffmpeg run before it is killed, ms (60 s: a remux or one frame of a long video takes far less). */
export const FFMPEG_TIMEOUT_MS = 60_000;
/** Characters of ffmpeg's stderr kept for the error message. */
const STDERR_TAIL = 2000;

/**
 * Runs `ffmpeg` with `args` (no shell, stdin closed, `-nostdin -hide_banner -v error` first) and resolves
 * when it exits 0. Rejects with {@link FfmpegError} on another exit, a failed start or the timeout
 * (the process is killed), and with an AbortError when `signal` aborts (the process is killed too).
 */
export function runFfmpeg(
  ffmpeg: string,
  args: readonly string[],
  options: { signal?: AbortSignal | undefined; timeoutMs?: number } = {},
): Promise<void> {
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(abortError(signal));
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpeg, ['-nostdin', '-hide_banner', '-v', 'error', ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
      windowsHide: true,
    });
    let stderr = '';
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve();
    };
    const onAbort = () => {
      child.kill('SIGKILL');
      finish(abortError(signal));
    };
    const timeoutMs = options.timeoutMs ?? FFMPEG_TIMEOUT_MS;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(new FfmpegError(`ffmpeg did not finish within ${timeoutMs / 1000} s and was stopped`));
    }, timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_TAIL);
    });
    child.on('error', (error) =>
      finish(new FfmpegError(`ffmpeg could not start (${ffmpeg}): ${error.message}`)),
    );
    child.on('close', (code, killedBy) => {
      if (code === 0) finish();
      else {
        const how = code === null ? `was killed (${killedBy})` : `exited with ${code}`;
        finish(new FfmpegError(`ffmpeg ${how}${stderr.trim() ? `: ${stderr.trim()}` : ''}`));
      }
    });
  });
}
