#!/usr/bin/env node
// `pnpm dev:vscode`: one command to try the extension in a real VS Code (code-server in the browser)
// against the simulator. Builds are done by the pnpm script (turbo run build) before this runs.
//   node scripts/dev-vscode.mjs [--clean] [--vsix] [--port N] [--smoke]
//   --clean  start from nothing: a fresh copy of examples/, no jobs, no stored key
//   --vsix   install the packaged .vsix instead of loading apps/vscode as a development extension
//   --port   code-server port (default: the one used last time, else 8420, else a free one)
//   --smoke  start everything, check it answers, stop, exit 0 (used by the e2e tests)
// Everything lives in a fixed folder, .dev/ (LTX_DEV_DIR), reused by the next run: the workspace,
// the job list and the API key you stored stay across restarts (see scripts/dev-vscode-state.mjs).
import { cpSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { installVsix, startCodeServer, workbenchUrl } from '../apps/vscode/e2e/code-server.mjs';
import { ensureCodeServer } from '../apps/vscode/e2e/ensure-code-server.mjs';
import { EXT_DIR, logStep, REPO_ROOT } from '../apps/vscode/e2e/env.mjs';
import { assertExtensionBuilt } from '../apps/vscode/e2e/session.mjs';
import { startE2eSimulator } from '../apps/vscode/e2e/simulator.mjs';
import { packageVsix } from '../apps/vscode/e2e/vsix.mjs';
import { prepareWorkspace } from '../apps/vscode/e2e/workspace.mjs';
import {
  choosePort,
  cleanDevDir,
  DEFAULT_DEV_PORT,
  devDir,
  keptProfile,
  readState,
  writeState,
} from './dev-vscode-state.mjs';

const { values: opts } = parseArgs({
  options: {
    clean: { type: 'boolean', default: false },
    vsix: { type: 'boolean', default: false },
    port: { type: 'string' },
    smoke: { type: 'boolean', default: false },
  },
});

/** Simulator pace for people watching: 2 s queued, 6 s processing (as `pnpm simulator`). */
const DEV_TIMING = { pendingMs: 2_000, processingMs: 6_000 };

async function main() {
  const start = performance.now();
  assertExtensionBuilt();
  const cs = await ensureCodeServer();
  Object.assign(process.env, cs.env);
  const dir = devDir(REPO_ROOT);
  if (opts.clean) {
    cleanDevDir(dir);
    logStep(`--clean: emptied ${dir}`);
  }
  const state = readState(dir);
  const { port, changed } = await choosePort({
    wanted: opts.port === undefined ? undefined : Number(opts.port),
    last: state.port,
    fallback: DEFAULT_DEV_PORT,
  });

  const simulator = await startE2eSimulator(DEV_TIMING);
  const stops = [() => simulator.stop()];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => {});
  };
  try {
    // The examples, with settings that point both providers at the simulator (no secrets in settings).
    const workspace = join(dir, 'workspace');
    prepareWorkspace(workspace, simulator, {
      source: join(REPO_ROOT, 'examples'),
      extraSettings: { 'ltxJobs.pollIntervalSeconds': 2 },
      keep: true,
    });
    const schemas = join(REPO_ROOT, 'packages', 'core', 'schemas');
    rmSync(join(dir, 'packages'), { recursive: true, force: true });
    // examples point "$schema" at ../packages/core/schemas/: keep that path working in the copy
    cpSync(schemas, join(dir, 'packages', 'core', 'schemas'), { recursive: true });

    const profile = keptProfile(dir, join(EXT_DIR, 'e2e', 'settings.json'));
    if (opts.vsix) installVsix({ bin: cs.bin, env: cs.env, ...profile, vsix: await packageVsix() });
    const server = await startCodeServer({
      bin: cs.bin,
      env: cs.env,
      runDir: join(dir, 'server'),
      userDataDir: profile.userDataDir,
      extensionsDir: profile.extensionsDir,
      port,
    });
    stops.push(() => server.stop());
    writeState(dir, { ...state, port: server.port });
    const url = opts.vsix
      ? `${server.url}?folder=${encodeURIComponent(workspace)}`
      : workbenchUrl(server.url, { folder: workspace, devPath: EXT_DIR });
    logStep('ready', start);
    const kept = profile.created
      ? '  First run: nothing stored yet. Set an API key once (below); the next runs keep it.'
      : changed
        ? `  Port ${state.port} was busy: the browser's stored API key belongs to that address; set it again here.`
        : '  Kept from the last run: the workspace, the job list and the API key in this browser.';
    process.stdout.write(
      [
        '',
        `  Open:        ${url}`,
        `  Workspace:   ${workspace} (a copy of examples/, kept between runs)`,
        `  Extension:   ${opts.vsix ? 'installed from the packaged .vsix' : `development path ${resolve(EXT_DIR)}`}`,
        `  Simulator:   ${simulator.url}  (LTX ${simulator.ltxBaseUrl}, useapi ${simulator.useapiBaseUrl})`,
        `  State:       ${dir}  (--clean starts from nothing)`,
        '',
        kept,
        '  API keys live in VS Code secret storage (in this browser):',
        '  F1 -> "LTX Jobs: Set API Key" -> LTX ->',
        `    ${simulator.ltxApiKey}     (useapi.net: ${simulator.useapiToken})`,
        '  Then open text-to-video.ltx.json and run "LTX Jobs: Submit Job from JSON File".',
        `  Server log:  ${server.logFile}`,
        '  Ctrl-C stops the server and the simulator.',
        '',
      ].join('\n'),
    );
    if (opts.smoke) {
      const health = await fetch(new URL('healthz', server.url));
      const sim = await fetch(simulator.logUrl);
      if (!health.ok || !sim.ok)
        throw new Error(`smoke check failed: healthz ${health.status}, simulator ${sim.status}`);
      logStep('smoke check passed; stopping');
      await stopAll();
      return;
    }
    await new Promise((resolveStop) => {
      process.once('SIGINT', resolveStop);
      process.once('SIGTERM', resolveStop);
    });
    logStep('stopping');
    await stopAll();
  } catch (error) {
    await stopAll();
    throw error;
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`[dev:vscode] ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
