#!/usr/bin/env node
// Installs what the e2e needs on a clean Debian machine, idempotently and cached by version:
// apt packages (as root), then code-server in its own prefix with the offline workarounds of
// /work/shared/docs/vscode-e2e-recipe.md (two-phase install, ripgrep seed, npm_config_yes, --unsafe-perm).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { arch } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EnsureError, ensureAptPackages, run } from './apt-packages.mjs';
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

import { withInstallLock } from './install-lock.mjs';

export { EnsureError, ensureAptPackages };

/** Marker written into the prefix after a verified install. */
const MARKER = '.ltx-e2e-installed';

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
