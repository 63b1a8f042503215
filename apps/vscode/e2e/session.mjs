// One e2e session: simulator + fresh code-server profile + workspace copy + Chromium on a persistent
// profile. Each *.e2e.test.mjs file opens its own session, so every file also runs on its own.
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser } from './browser.mjs';
import { freshProfile, installVsix, startCodeServer } from './code-server.mjs';
import { ensureCodeServer } from './ensure-code-server.mjs';
import { EXT_DIR, logStep, WORK_DIR } from './env.mjs';
import { startE2eSimulator } from './simulator.mjs';
import { prepareWorkspace } from './workspace.mjs';

/** Parent of every session's run dir: `<work>/runs`. */
export const RUNS_DIR = join(WORK_DIR, 'runs');

/** Fails early, and clearly, when the extension bundle is missing. */
export function assertExtensionBuilt() {
  const main = join(EXT_DIR, 'dist', 'extension.js');
  if (!existsSync(main))
    throw new Error(`${main} is missing: run \`pnpm build\` (turbo builds the extension) first`);
}

/**
 * Starts a session named `name` in `<work>/runs/<name>` (wiped first).
 * Options: `vsix` (install it into the profile), `workspaceTrust` (default false: trust disabled),
 * `userSettings` (merged over e2e/settings.json), `serverEnv` (over code-server's environment, which its
 * extension host inherits). Returns handles and `close()`, which always stops
 * the browser, code-server's process group and the simulator.
 */
export async function openSession(
  name,
  { vsix, workspaceTrust = false, userSettings = {}, serverEnv = {} } = {},
) {
  const start = performance.now();
  const cs = await ensureCodeServer();
  Object.assign(process.env, cs.env); // Chromium's crashpad writes under HOME
  const runDir = join(RUNS_DIR, name);
  const releaseLock = lockRunDir(runDir);
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  const closers = [releaseLock];
  const close = async () => {
    for (const fn of closers.reverse()) {
      try {
        await fn();
      } catch (error) {
        process.stderr.write(`[e2e] cleanup of ${name}: ${error instanceof Error ? error.message : error}\n`);
      }
    }
    closers.length = 0;
  };
  try {
    const simulator = await startE2eSimulator();
    closers.push(() => simulator.stop());
    const workspace = prepareWorkspace(join(runDir, 'ws'), simulator);
    const profile = freshProfile(
      runDir,
      workspaceTrust ? { 'security.workspace.trust.enabled': true, ...userSettings } : userSettings,
    );
    if (vsix) installVsix({ bin: cs.bin, env: cs.env, ...profile, vsix });
    const configPath = join(runDir, 'exthost-config.json');
    const resultPath = join(runDir, 'exthost-result.json');
    const server = await startCodeServer({
      bin: cs.bin,
      env: cs.env,
      runDir,
      ...profile,
      workspaceTrust,
      serverEnv: { E2E_EXTHOST_CONFIG: configPath, E2E_EXTHOST_RESULT: resultPath, ...serverEnv },
    });
    closers.push(() => server.stop());
    const { context, page } = await launchBrowser(join(runDir, 'browser'));
    closers.push(() => context.close());
    // The extension host's console (and the suite's per-test lines) reach the page console.
    const consoleLog = join(runDir, 'browser-console.log');
    page.on('console', (msg) => appendFileSync(consoleLog, `[${msg.type()}] ${msg.text()}\n`));
    logStep(`session ${name}: simulator ${simulator.url}, code-server ${server.url}`, start);
    return {
      name,
      runDir,
      simulator,
      workspace,
      profile,
      server,
      context,
      page,
      configPath,
      resultPath,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Takes `<runDir>.lock` for this process; a live owner means another run uses the same work dir.
 * Returns the release function.
 */
function lockRunDir(runDir) {
  const lock = `${runDir}.lock`;
  mkdirSync(RUNS_DIR, { recursive: true });
  try {
    const owner = Number(readFileSync(lock, 'utf8'));
    if (owner !== process.pid && owner > 0) {
      process.kill(owner, 0); // throws when the owner is gone
      throw new Error(
        `${runDir} is in use by process ${owner}: wait for it, or give this run its own LTX_E2E_WORK directory`,
      );
    }
  } catch (error) {
    if (error instanceof Error && error.message.includes('is in use')) throw error;
  }
  writeFileSync(lock, String(process.pid));
  return async () => rmSync(lock, { force: true });
}

/** Polls for a JSON file until it parses; rejects after `timeoutMs` or when `failFast()` returns a reason. */
export async function waitForJson(path, { timeoutMs = 180_000, failFast = () => undefined } = {}) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (existsSync(path)) {
      try {
        return JSON.parse(readFileSync(path, 'utf8'));
      } catch {
        // being written
      }
    }
    const reason = failFast();
    if (reason) throw new Error(reason);
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no ${path} within ${timeoutMs / 1000} s`);
}

/** Writes a JSON file (used for the suite config between sessions). */
export function writeJson(path, value) {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** The last `lines` lines of a log file, for failure messages. */
export function tail(path, lines = 30) {
  try {
    return readFileSync(path, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return `(no ${path})`;
  }
}
