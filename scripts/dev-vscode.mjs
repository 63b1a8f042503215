#!/usr/bin/env node
// `pnpm dev:vscode`: one command to try the extension in a real VS Code (code-server in the browser)
// against the simulator. Builds are done by the pnpm script (turbo run build) before this runs.
//   node scripts/dev-vscode.mjs [--vsix] [--port N] [--smoke]
//   --vsix   install the packaged .vsix instead of loading apps/vscode as a development extension
//   --port   code-server port (default: a free one)
//   --smoke  start everything, check it answers, stop, exit 0 (used by the e2e tests)
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { freshProfile, installVsix, startCodeServer, workbenchUrl } from '../apps/vscode/e2e/code-server.mjs';
import { ensureCodeServer } from '../apps/vscode/e2e/ensure-code-server.mjs';
import { EXT_DIR, logStep, REPO_ROOT, WORK_DIR } from '../apps/vscode/e2e/env.mjs';
import { assertExtensionBuilt } from '../apps/vscode/e2e/session.mjs';
import { startE2eSimulator } from '../apps/vscode/e2e/simulator.mjs';
import { packageVsix } from '../apps/vscode/e2e/vsix.mjs';
import { prepareWorkspace } from '../apps/vscode/e2e/workspace.mjs';

const { values: opts } = parseArgs({
  options: {
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
  const devDir = join(WORK_DIR, 'dev');
  mkdirSync(devDir, { recursive: true });

  const simulator = await startE2eSimulator(DEV_TIMING);
  const stops = [() => simulator.stop()];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => {});
  };
  try {
    // The examples, with settings that point both providers at the simulator (no secrets in settings).
    const workspace = join(devDir, 'workspace');
    prepareWorkspace(workspace, simulator, {
      source: join(REPO_ROOT, 'examples'),
      extraSettings: { 'ltxJobs.pollIntervalSeconds': 2 },
    });
    const schemas = join(REPO_ROOT, 'packages', 'core', 'schemas');
    rmSync(join(devDir, 'packages'), { recursive: true, force: true });
    // examples point "$schema" at ../packages/core/schemas/: keep that path working in the copy
    cpSync(schemas, join(devDir, 'packages', 'core', 'schemas'), { recursive: true });

    const profile = freshProfile(join(devDir, 'server'));
    if (opts.vsix) installVsix({ bin: cs.bin, env: cs.env, ...profile, vsix: await packageVsix() });
    const port = Number(opts.port ?? 0);
    const server = await startCodeServer({
      bin: cs.bin,
      env: cs.env,
      runDir: join(devDir, 'server'),
      ...profile,
      port,
    });
    stops.push(() => server.stop());
    const url = opts.vsix
      ? `${server.url}?folder=${encodeURIComponent(workspace)}`
      : workbenchUrl(server.url, { folder: workspace, devPath: EXT_DIR });
    logStep('ready', start);
    process.stdout.write(
      [
        '',
        `  Open:        ${url}`,
        `  Workspace:   ${workspace} (a copy of examples/)`,
        `  Extension:   ${opts.vsix ? 'installed from the packaged .vsix' : `development path ${resolve(EXT_DIR)}`}`,
        `  Simulator:   ${simulator.url}  (LTX ${simulator.ltxBaseUrl}, useapi ${simulator.useapiBaseUrl})`,
        '',
        '  API keys live in VS Code secret storage, so set one once per browser profile:',
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
