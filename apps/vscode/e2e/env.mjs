// Shared paths, environment and logging for the e2e harness (code-server + Chromium).
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of apps/vscode. */
export const EXT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Absolute path of the repository root. */
export const REPO_ROOT = resolve(EXT_DIR, '..', '..');

/** code-server version; default 4.100.3 (VS Code 1.100.3, the last release that runs on Node 20). Env: LTX_E2E_CODE_SERVER_VERSION. */
export const CODE_SERVER_VERSION = process.env.LTX_E2E_CODE_SERVER_VERSION || '4.100.3';

/** Work dir for caches, profiles and screenshots; default `<repo>/.e2e`. Env: LTX_E2E_WORK. */
export const WORK_DIR = resolve(process.env.LTX_E2E_WORK || join(REPO_ROOT, '.e2e'));

/** Prefix code-server is installed into; default `<work>/code-server-<version>`. Env: LTX_E2E_CODE_SERVER_PREFIX. */
export const CODE_SERVER_PREFIX = resolve(
  process.env.LTX_E2E_CODE_SERVER_PREFIX || join(WORK_DIR, `code-server-${CODE_SERVER_VERSION}`),
);

/** The code-server launcher inside the prefix. */
export const CODE_SERVER_BIN = join(CODE_SERVER_PREFIX, 'node_modules', '.bin', 'code-server');

/** Chromium driven by playwright-core; default /usr/bin/chromium (Debian). Env: LTX_E2E_CHROMIUM. */
export const CHROMIUM_PATH = process.env.LTX_E2E_CHROMIUM || '/usr/bin/chromium';

/** Where UI screenshots go: `<repo>/.e2e/shots` (under the work dir). */
export const SHOTS_DIR = join(WORK_DIR, 'shots');

/** npm settings that must survive moving HOME (`nodedir=/usr` for node-gyp lives in the user config). */
const ORIGINAL_NPM = {
  userconfig: process.env.npm_config_userconfig || join(homedir(), '.npmrc'),
  cache: process.env.npm_config_cache || join(homedir(), '.npm'),
};

/**
 * Environment variables that keep code-server, Chromium and npm from writing into the real HOME or /tmp:
 * HOME, XDG_* and TMPDIR point into the work dir; npm's user config and cache stay where they were.
 */
export function isolatedEnv(work = WORK_DIR) {
  const home = join(work, 'home');
  const env = {
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_CACHE_HOME: join(home, '.cache'),
    TMPDIR: join(work, 'tmp'),
    npm_config_userconfig: ORIGINAL_NPM.userconfig,
    npm_config_cache: ORIGINAL_NPM.cache,
  };
  for (const dir of [env.XDG_CONFIG_HOME, env.XDG_DATA_HOME, env.XDG_CACHE_HOME, env.TMPDIR]) {
    mkdirSync(dir, { recursive: true });
  }
  return env;
}

/** Prints one harness line with the seconds since `since` (a `performance.now()` value). */
export function logStep(message, since) {
  const took = since === undefined ? '' : ` (${((performance.now() - since) / 1000).toFixed(1)} s)`;
  process.stdout.write(`[e2e] ${message}${took}\n`);
}

/** Runs `fn`, printing its label and how long it took. */
export async function timed(label, fn) {
  const start = performance.now();
  logStep(`${label} ...`);
  try {
    const value = await fn();
    logStep(`${label}: done`, start);
    return value;
  } catch (error) {
    logStep(`${label}: FAILED`, start);
    throw error;
  }
}
