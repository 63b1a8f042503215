// The fixed folder `pnpm dev:vscode` keeps between runs (default <repo>/.dev, env LTX_DEV_DIR):
//   workspace/      a copy of examples/, made once; your edits and downloads stay
//   server/ud/      code-server's user data: the job list (extension global storage), settings, and
//                   the server half of the key that encrypts secrets stored in the browser
//   server/ext/     extensions dir
//   state.json      the ports used last time, reused so the browser origin (and so the stored API key)
//                   stays the same
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

/** The code-server port tried first on a fresh `.dev` folder. */
export const DEFAULT_DEV_PORT = 8420;

/** `<repo>/.dev`, or `LTX_DEV_DIR`. */
export function devDir(repoRoot, env = process.env) {
  return resolve(env.LTX_DEV_DIR || join(repoRoot, '.dev'));
}

/** Reads `state.json` (`{ port, simulatorPort }`), or `{}` when there is none yet. */
export function readState(dir) {
  try {
    return JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8'));
  } catch {
    return {};
  }
}

/** Writes `state.json`. */
export function writeState(dir, state) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'state.json'), `${JSON.stringify(state, null, 2)}\n`);
}

/** Empties the folder (`--clean`): a fresh workspace, job list, settings and key. */
export function cleanDevDir(dir) {
  rmSync(dir, { recursive: true, force: true });
}

/** True when nothing listens on 127.0.0.1:`port`. */
export function portIsFree(port) {
  return new Promise((resolvePort) => {
    const server = createServer();
    server.once('error', () => resolvePort(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolvePort(true)));
  });
}

/**
 * The port to use: `wanted` (from --port), else the one used last time, else `fallback`, each only
 * when free; 0 (a random free port) when none is. Says whether it differs from last time.
 */
export async function choosePort({ wanted, last, fallback }) {
  for (const port of [wanted, last, fallback]) {
    if (port && (await portIsFree(port))) return { port, changed: last !== undefined && port !== last };
  }
  return { port: 0, changed: last !== undefined };
}

/**
 * Makes the profile in `<dir>/server` once: `ud/User/settings.json` from `template` (plus
 * `userSettings`) and an empty extensions dir. An existing profile is kept as it is.
 * Returns `{ userDataDir, extensionsDir, created }`.
 */
export function keptProfile(dir, template, userSettings = {}) {
  const userDataDir = join(dir, 'server', 'ud');
  const extensionsDir = join(dir, 'server', 'ext');
  const settingsFile = join(userDataDir, 'User', 'settings.json');
  const created = !existsSync(settingsFile);
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  if (created) {
    const settings = { ...JSON.parse(readFileSync(template, 'utf8')), ...userSettings };
    writeFileSync(settingsFile, `${JSON.stringify(settings, null, 2)}\n`);
  }
  return { userDataDir, extensionsDir, created };
}
