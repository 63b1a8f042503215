import { spawnSync } from 'node:child_process';

export { ensureFfmpeg } from '../../test-support/ensure-ffmpeg.mjs';

/** Runs a tool and returns its stdout; throws with its stderr when it fails. */
export function output(tool: string, args: string[]): string {
  const result = spawnSync(tool, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 60_000 });
  if (result.status !== 0) throw new Error(`${tool} ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}
