#!/usr/bin/env node
// Installs what the e2e needs on a clean Debian machine, idempotently and cached by version:
// apt packages (as root), then code-server in its own prefix with the offline workarounds of
// /work/shared/docs/vscode-e2e-recipe.md (two-phase install, ripgrep seed, npm_config_yes, --unsafe-perm).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { arch } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CHROMIUM_PATH,
  CODE_SERVER_BIN,
  CODE_SERVER_PREFIX,
  CODE_SERVER_VERSION,
  isolatedEnv,
  logStep,
  timed,
  WORK_DIR,
} from './env.mjs';

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
];

/** Marker written into the prefix after a verified install. */
const MARKER = '.ltx-e2e-installed';

/** Thrown with a message that says what to do. */
export class EnsureError extends Error {
  name = 'EnsureError';
}

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { encoding: 'utf8', ...options });
  if (result.error) throw new EnsureError(`could not run ${cmd}: ${result.error.message}`);
  return result;
}

function dpkgInstalled(name) {
  // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own format syntax
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  if (r.error) return undefined; // no dpkg on this machine
  return r.status === 0 && r.stdout.includes('install ok installed');
}

/** Installs the missing apt packages (root only). Without root, missing ones are a clear error. */
export async function ensureAptPackages({ needBuildTools }) {
  const wanted = APT_PACKAGES.filter((p) => needBuildTools || p.name === 'chromium' || p.name === 'curl');
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

/** The version `code-server --version` prints, or undefined when it does not run. */
export function installedCodeServerVersion(env = { ...process.env, ...isolatedEnv() }) {
  if (!existsSync(CODE_SERVER_BIN) || !existsSync(join(CODE_SERVER_PREFIX, MARKER))) return undefined;
  const r = spawnSync(CODE_SERVER_BIN, ['--version'], { encoding: 'utf8', env, timeout: 60_000 });
  if (r.status !== 0) return undefined;
  // The first run also logs that it wrote config.yaml; the version line is "4.100.3 <sha> with Code 1.100.3".
  return /^(\d+\.\d+\.\d+) [0-9a-f]{40}/m.exec(r.stdout)?.[1];
}

/** npm's environment for the install: the caller's npm/pnpm script variables removed, workarounds set. */
function npmEnv(isoEnv) {
  const keep = new Set([
    'npm_config_registry',
    'npm_config_nodedir',
    'npm_config_proxy',
    'npm_config_https_proxy',
  ]);
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    const lower = key.toLowerCase();
    if (lower.startsWith('pnpm_') || lower.startsWith('npm_package_') || lower.startsWith('npm_lifecycle_'))
      continue;
    if (lower.startsWith('npm_config_') && !keep.has(lower)) continue;
    env[key] = value;
  }
  return {
    ...env,
    ...isoEnv,
    npm_config_yes: 'true',
    npm_config_unsafe_perm: 'true',
    npm_config_fund: 'false',
  };
}

/** Puts Debian's `rg` where @vscode/ripgrep's postinstall looks for a cached download. */
function seedRipgrep(isoEnv) {
  const shrinkwrap = join(
    CODE_SERVER_PREFIX,
    'node_modules',
    'code-server',
    'lib',
    'vscode',
    'npm-shrinkwrap.json',
  );
  let version;
  try {
    version = JSON.parse(readFileSync(shrinkwrap, 'utf8')).packages?.['node_modules/@vscode/ripgrep']
      ?.version;
  } catch {
    version = undefined;
  }
  if (!version) {
    logStep('no @vscode/ripgrep in code-server’s shrinkwrap: no seed needed');
    return;
  }
  const triple = arch() === 'arm64' ? 'aarch64-unknown-linux-gnu' : 'x86_64-unknown-linux-musl';
  const cacheDir = join(isoEnv.TMPDIR, `vscode-ripgrep-cache-${version}`);
  const rgDir = join(WORK_DIR, 'rg');
  mkdirSync(cacheDir, { recursive: true });
  mkdirSync(rgDir, { recursive: true });
  const cp = run('cp', ['/usr/bin/rg', join(rgDir, 'rg')]);
  if (cp.status !== 0) throw new EnsureError(`could not copy /usr/bin/rg: ${cp.stderr}`);
  for (const tag of ['v13.0.0-10', 'v13.0.0-4']) {
    const tar = run('tar', ['czf', join(cacheDir, `ripgrep-${tag}-${triple}.tar.gz`), '-C', rgDir, 'rg']);
    if (tar.status !== 0) throw new EnsureError(`could not pack the ripgrep seed: ${tar.stderr}`);
  }
  logStep(`seeded @vscode/ripgrep ${version} cache from /usr/bin/rg`);
}

function tailOf(file, lines = 40) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Installs code-server into its prefix: npm install --ignore-scripts, ripgrep seed, npm rebuild --unsafe-perm. */
async function installCodeServer(isoEnv) {
  rmSync(CODE_SERVER_PREFIX, { recursive: true, force: true });
  mkdirSync(CODE_SERVER_PREFIX, { recursive: true });
  writeFileSync(join(CODE_SERVER_PREFIX, 'package.json'), '{ "private": true }\n');
  const env = npmEnv(isoEnv);
  const log = join(WORK_DIR, `code-server-${CODE_SERVER_VERSION}-install.log`);
  writeFileSync(log, '');
  const npm = (label, args, timeoutMin) =>
    timed(label, async () => {
      const r = spawnSync('bash', ['-c', `exec npm "$@" >>"${log}" 2>&1`, 'npm', ...args], {
        cwd: CODE_SERVER_PREFIX,
        env,
        stdio: 'ignore',
        timeout: timeoutMin * 60_000,
      });
      if (r.error?.code === 'ETIMEDOUT' || r.signal) {
        throw new EnsureError(
          `${label} did not finish within ${timeoutMin} min (npm hangs without a word when TLS to the ` +
            'registry fails: is NODE_EXTRA_CA_CERTS, or a proxy variable, dropped by the caller? ' +
            `turbo passes only the variables listed in turbo.json). Last lines of ${log}:\n${tailOf(log)}`,
        );
      }
      if (r.status !== 0) {
        throw new EnsureError(
          `${label} failed (exit ${r.status}). Last lines of ${log}:\n${tailOf(log)}\n` +
            'Only the npm registry must be reachable; see /work/shared/docs/vscode-e2e-recipe.md.',
        );
      }
    });
  await npm(
    `npm install --ignore-scripts code-server@${CODE_SERVER_VERSION}`,
    [
      'install',
      '--prefix',
      CODE_SERVER_PREFIX,
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      `code-server@${CODE_SERVER_VERSION}`,
    ],
    10,
  );
  seedRipgrep(isoEnv);
  await npm(
    'npm rebuild --unsafe-perm (native modules, code-server postinstall)',
    ['rebuild', '--unsafe-perm', '--foreground-scripts'],
    20,
  );
}

/**
 * Holds `<prefix>.lock` (a directory with the owner's pid) while installing, so two runs sharing a
 * prefix do not install over each other. Waits up to `waitMs` (default 15 min) for a live owner.
 */
async function withInstallLock(fn, waitMs = 15 * 60_000) {
  const lock = `${CODE_SERVER_PREFIX}.lock`;
  const until = Date.now() + waitMs;
  mkdirSync(dirname(lock), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if (error?.code !== 'EEXIST') throw error;
      let owner = 0;
      try {
        owner = Number(readFileSync(join(lock, 'pid'), 'utf8'));
        process.kill(owner, 0);
      } catch {
        // No pid yet (the owner is between mkdir and write) or the owner is gone: stale after 10 s.
        const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? 0);
        if (age > 10_000) {
          rmSync(lock, { recursive: true, force: true });
          continue;
        }
      }
      if (Date.now() > until) throw new EnsureError(`${lock} is held by process ${owner} for too long`);
      logStep(`waiting for process ${owner}, which is installing code-server into ${CODE_SERVER_PREFIX}`);
      await new Promise((r) => setTimeout(r, 2_000));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * Makes sure the apt packages and code-server are there; installs what is missing.
 * Returns the code-server launcher, its version and the isolated environment to run it with.
 */
export async function ensureCodeServer() {
  const start = performance.now();
  const isoEnv = isolatedEnv();
  const runEnv = { ...process.env, ...isoEnv };
  let version = installedCodeServerVersion(runEnv);
  await ensureAptPackages({ needBuildTools: version === undefined });
  if (version === undefined) {
    version = await withInstallLock(async () => {
      const done = installedCodeServerVersion(runEnv); // another run may have finished meanwhile
      if (done !== undefined) return done;
      logStep(`code-server ${CODE_SERVER_VERSION} not cached in ${CODE_SERVER_PREFIX}: installing`);
      await installCodeServer(isoEnv);
      writeFileSync(join(CODE_SERVER_PREFIX, MARKER), `${CODE_SERVER_VERSION}\n`);
      const installed = installedCodeServerVersion(runEnv);
      if (installed === undefined) {
        rmSync(join(CODE_SERVER_PREFIX, MARKER), { force: true });
        throw new EnsureError(
          `code-server was installed into ${CODE_SERVER_PREFIX} but \`code-server --version\` fails`,
        );
      }
      return installed;
    });
  }
  logStep(`code-server ${version} ready at ${CODE_SERVER_BIN}`, start);
  return { bin: CODE_SERVER_BIN, version, env: isoEnv, chromium: CHROMIUM_PATH };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  ensureCodeServer().catch((error) => {
    process.stderr.write(
      `[e2e] ensure-code-server: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  });
}
