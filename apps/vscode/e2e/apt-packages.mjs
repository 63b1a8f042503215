// System packages for the e2e (Debian): installs the missing ones with apt-get when running as root.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CHROMIUM_PATH, logStep, timed } from './env.mjs';

/** Thrown with a message that says what to do. */
export class EnsureError extends Error {
  name = 'EnsureError';
}

/** Runs a command synchronously; a missing binary becomes an {@link EnsureError}. */
export function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { encoding: 'utf8', ...options });
  if (result.error) throw new EnsureError(`could not run ${cmd}: ${result.error.message}`);
  return result;
}

/** Debian packages the e2e uses, with the file that shows each is present. */
const APT_PACKAGES = [
  { name: 'chromium', file: CHROMIUM_PATH, why: 'the browser the UI tests drive' },
  {
    name: 'libkrb5-dev',
    file: '/usr/include/gssapi/gssapi.h',
    why: 'headers for code-server’s kerberos build',
  },
  {
    name: 'ripgrep',
    file: '/usr/bin/rg',
    why: 'seeds @vscode/ripgrep, whose download from GitHub fails offline',
  },
  { name: 'curl', file: '/usr/bin/curl', why: 'used by the CI script' },
  {
    name: 'ffmpeg',
    file: '/usr/bin/ffmpeg',
    why: 'sound copies and poster frames of the gallery (LTX MP4s carry AAC audio)',
  },
];

/** Packages every run needs (the others only build code-server). */
const RUNTIME_PACKAGES = ['chromium', 'curl', 'ffmpeg'];

function dpkgInstalled(name) {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own format syntax
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  if (r.error) return undefined; // no dpkg on this machine
  return r.status === 0 && r.stdout.includes('install ok installed');
}

/** Installs the missing apt packages (root only). Without root, missing ones are a clear error. */
export async function ensureAptPackages({ needBuildTools }) {
  const wanted = APT_PACKAGES.filter((p) => needBuildTools || RUNTIME_PACKAGES.includes(p.name));
  const missing = wanted.filter((p) => {
    const state = dpkgInstalled(p.name);
    return state === undefined ? !existsSync(p.file) : !state;
  });
  if (missing.length === 0) {
    logStep(`apt packages present: ${wanted.map((p) => p.name).join(', ')}`);
    return;
  }
  const names = missing.map((p) => p.name);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    const lines = missing.map((p) => `  - ${p.name}: ${p.why}`).join('\n');
    throw new EnsureError(
      `missing system packages and not running as root, so they cannot be installed:\n${lines}\n` +
        `Install them with: sudo apt-get install -y --no-install-recommends ${names.join(' ')}`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await timed('apt-get update', async () => {
    const r = run('apt-get', ['update', '-qq'], { env, stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) throw new EnsureError(`apt-get update failed (exit ${r.status})`);
  });
  await timed(`apt-get install ${names.join(' ')}`, async () => {
    const r = run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...names], {
      env,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (r.status !== 0) throw new EnsureError(`apt-get install ${names.join(' ')} failed (exit ${r.status})`);
  });
}
