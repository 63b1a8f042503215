import { spawn } from 'node:child_process';

/**
 * The program that opens a file the way the desktop does: `LTX_JOBS_OPEN_WITH` when set (e.g. `mpv`,
 * `vlc`; words split on spaces), else `open` on macOS, `cmd /c start ""` on Windows, `xdg-open`
 * elsewhere.
 */
export function openCommand(
  env: { LTX_JOBS_OPEN_WITH?: string | undefined },
  platform = process.platform,
): string[] {
  const custom = env.LTX_JOBS_OPEN_WITH?.trim();
  if (custom) return custom.split(/\s+/);
  if (platform === 'darwin') return ['open'];
  if (platform === 'win32') return ['cmd', '/c', 'start', '""'];
  return ['xdg-open'];
}

/**
 * Starts `command` with `path` and does not wait for the player: resolves once it started (the
 * player runs on, detached), rejects when it could not be started (e.g. `xdg-open` not installed).
 */
export function openInSystem(command: readonly string[], path: string): Promise<void> {
  const [program, ...rest] = command;
  if (program === undefined) return Promise.reject(new Error('no program to open files with'));
  return new Promise((resolve, reject) => {
    const child = spawn(program, [...rest, path], { detached: true, stdio: 'ignore' });
    child.once('error', (error) => reject(new Error(`could not start ${program}: ${error.message}`)));
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}
