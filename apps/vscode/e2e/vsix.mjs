// Packages the extension as a .vsix with the package's own `package` script (vsce, no dependencies).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXT_DIR, timed } from './env.mjs';

/** Runs `pnpm run package` in apps/vscode and returns the .vsix path its `-o` option names. */
export async function packageVsix() {
  const script = JSON.parse(readFileSync(join(EXT_DIR, 'package.json'), 'utf8')).scripts?.package ?? '';
  const out = /-o\s+(\S+\.vsix)/.exec(script)?.[1];
  if (!out) throw new Error(`apps/vscode "package" script has no "-o <file>.vsix": ${script}`);
  const vsix = join(EXT_DIR, out);
  await timed('package the extension (.vsix)', async () => {
    const r = spawnSync('pnpm', ['run', 'package'], {
      cwd: EXT_DIR,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (r.error) throw new Error(`could not run pnpm: ${r.error.message}`);
    if (r.status !== 0 || !existsSync(vsix)) {
      throw new Error(`pnpm run package failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
    }
  });
  return vsix;
}
