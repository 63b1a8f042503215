// Starts and stops one code-server (the real VS Code server + workbench) for a test run.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SETTINGS_TEMPLATE = join(dirname(fileURLToPath(import.meta.url)), 'settings.json');

let signalsHooked = false;
/** On SIGINT/SIGTERM, exit through process.exit so the 'exit' hooks stop every server group. */
function exitOnSignals() {
  if (signalsHooked) return;
  signalsHooked = true;
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ]) {
    process.on(signal, () => {
      if (process.listenerCount(signal) === 1) process.exit(code);
    });
  }
}

/** A free TCP port on 127.0.0.1 (the kernel picks it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Prepares a fresh profile in `runDir`: `ud/User/settings.json` (the recipe's quiet settings, plus
 * `userSettings` on top) and an empty extensions dir. Returns both paths.
 */
export function freshProfile(runDir, userSettings = {}) {
  const userDataDir = join(runDir, 'ud');
  const extensionsDir = join(runDir, 'ext');
  rmSync(userDataDir, { recursive: true, force: true });
  rmSync(extensionsDir, { recursive: true, force: true });
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  const settings = { ...JSON.parse(readFileSync(SETTINGS_TEMPLATE, 'utf8')), ...userSettings };
  writeFileSync(join(userDataDir, 'User', 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
  return { userDataDir, extensionsDir };
}

/** Installs a .vsix into the profile's extensions dir with code-server's own CLI. */
export function installVsix({ bin, env, userDataDir, extensionsDir, vsix }) {
  const r = spawnSync(
    bin,
    [
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      extensionsDir,
      '--install-extension',
      vsix,
      '--force',
    ],
    { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 },
  );
  if (r.status !== 0)
    throw new Error(`code-server --install-extension ${vsix} failed:\n${r.stdout}\n${r.stderr}`);
}

async function waitForHealth(url, child, logFile, timeoutMs) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) {
      throw new Error(`code-server exited with ${child.exitCode} before it was ready; see ${logFile}`);
    }
    try {
      const res = await fetch(new URL('healthz', url));
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`code-server did not answer ${url}healthz within ${timeoutMs / 1000} s; see ${logFile}`);
}

/**
 * Starts code-server in its own process group on a random loopback port with auth off.
 * `serverEnv` reaches the extension host (it inherits the SERVER's environment). `port` 0 (default) = random.
 * Returns `{ url, port, logFile, stop() }`; `stop()` ends the whole process group.
 */
export async function startCodeServer({
  bin,
  env,
  runDir,
  userDataDir,
  extensionsDir,
  folder,
  serverEnv = {},
  workspaceTrust = false,
  port: wantedPort = 0,
  readyTimeoutMs = 60_000,
}) {
  const port = wantedPort || (await freePort());
  const url = `http://127.0.0.1:${port}/`;
  const logFile = join(runDir, `code-server-${port}.log`);
  const args = [
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
  ];
  if (!workspaceTrust) args.push('--disable-workspace-trust');
  if (folder) args.push(folder);
  const out = openSync(logFile, 'a');
  const child = spawn(bin, args, {
    detached: true, // setsid: own process group, so stop() reaches the file watcher and ext hosts too
    stdio: ['ignore', out, out],
    env: { ...process.env, ...env, ...serverEnv },
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  // The runner kills groups left behind by a crashed test process from these files.
  const pidFile = join(runDir, `code-server-${port}.pgid`);
  writeFileSync(pidFile, `${child.pid}\n`);
  const killGroupOnExit = () => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // gone
    }
  };
  process.once('exit', killGroupOnExit);
  exitOnSignals();
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      process.off('exit', killGroupOnExit);
      rmSync(pidFile, { force: true });
      return; // already gone
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }, 5_000);
    await exited;
    clearTimeout(timer);
    process.off('exit', killGroupOnExit);
    rmSync(pidFile, { force: true });
    // Children in the group (file watcher) may outlive the main process for a moment.
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // group empty
    }
  };
  try {
    await waitForHealth(url, child, logFile, readyTimeoutMs);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, logFile, pid: child.pid, stop };
}

/** `vscode-remote://host:port/abs/path` for a server path, as the workbench's payload expects. */
export function remoteUri(serverUrl, absPath) {
  return `vscode-remote://${new URL(serverUrl).host}${absPath}`;
}

/**
 * Workbench URL that opens `folder`; with `testsPath`, the extension host loads the extension from
 * `devPath` and runs `run()` of `testsPath` (the @vscode/test-electron contract).
 */
export function workbenchUrl(serverUrl, { folder, devPath, testsPath }) {
  const params = new URLSearchParams({ folder });
  const payload = [];
  if (devPath) payload.push(['extensionDevelopmentPath', remoteUri(serverUrl, devPath)]);
  if (testsPath) payload.push(['extensionTestsPath', remoteUri(serverUrl, testsPath)]);
  if (payload.length > 0) params.set('payload', JSON.stringify(payload));
  return `${serverUrl}?${params.toString()}`;
}

/** Kills code-server process groups whose `.pgid` files are still in `runDir` (left by a crashed run). */
export function killLeftoverServers(runDir) {
  let killed = 0;
  let names = [];
  try {
    names = readdirSync(runDir).filter((n) => n.endsWith('.pgid'));
  } catch {
    return 0;
  }
  for (const name of names) {
    const pgid = Number(readFileSync(join(runDir, name), 'utf8').trim());
    try {
      if (pgid > 1) {
        process.kill(-pgid, 'SIGKILL');
        killed += 1;
      }
    } catch {
      // already gone
    }
    rmSync(join(runDir, name), { force: true });
  }
  return killed;
}
