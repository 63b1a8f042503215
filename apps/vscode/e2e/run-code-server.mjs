#!/usr/bin/env node
// `test:e2e`: ensure code-server -> build the extension-host suite -> package the .vsix ->
// run e2e/*.e2e.test.mjs with node's test runner (each file starts its own simulator, code-server and
// Chromium, and stops them) -> kill anything a crashed file left behind -> exit non-zero on any failure.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildTests } from './build-tests.mjs';
import { killLeftoverServers } from './code-server.mjs';
import { ensureCodeServer } from './ensure-code-server.mjs';
import { EXT_DIR, logStep, timed } from './env.mjs';
import { assertExtensionBuilt, RUNS_DIR } from './session.mjs';
import { packageVsix } from './vsix.mjs';

/** Test files, in order; `LTX_E2E_ONLY=ui` (substrings, comma-separated: `gallery,first-hour`) narrows them. */
const FILES = [
  'e2e/vsix.e2e.test.mjs',
  'e2e/electron-runner.e2e.test.mjs',
  'e2e/dev-vscode.e2e.test.mjs',
  'e2e/exthost.e2e.test.mjs',
  'e2e/lm-tools.e2e.test.mjs',
  'e2e/ui.e2e.test.mjs',
  'e2e/editor.e2e.test.mjs',
  'e2e/gallery.e2e.test.mjs',
  'e2e/ui-first-hour.e2e.test.mjs',
  'e2e/runs.e2e.test.mjs',
  'e2e/team.e2e.test.mjs',
];

function killLeftovers() {
  let dirs = [];
  try {
    dirs = readdirSync(RUNS_DIR);
  } catch {
    return;
  }
  const killed = dirs.reduce((n, d) => n + killLeftoverServers(join(RUNS_DIR, d)), 0);
  if (killed > 0) logStep(`stopped ${killed} code-server process group(s) left behind`);
}

/** Runs node --test on `files`; resolves with the exit code and the pass/fail counts it printed. */
function runNodeTests(files, env) {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--test', '--test-concurrency=1', '--test-reporter=spec', ...files],
      { cwd: EXT_DIR, env, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      process.stdout.write(chunk);
    });
    const stop = () => child.kill('SIGTERM');
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    child.on('close', (code) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      const count = (label) => Number(new RegExp(`^\\S+ ${label} (\\d+)$`, 'm').exec(out)?.[1] ?? 0);
      resolve({ code: code ?? 1, passed: count('pass'), failed: count('fail') });
    });
  });
}

async function main() {
  const start = performance.now();
  let result = { code: 1, passed: 0, failed: 0 };
  try {
    killLeftovers();
    const cs = await timed('ensure code-server', () => ensureCodeServer());
    assertExtensionBuilt();
    await buildTests();
    const vsix = await packageVsix();
    const only = process.env.LTX_E2E_ONLY;
    const files = only ? FILES.filter((f) => only.split(',').some((o) => f.includes(o.trim()))) : FILES;
    result = await timed(`node --test ${files.join(' ')}`, () =>
      runNodeTests(files, { ...process.env, ...cs.env, LTX_E2E_TESTS_BUILT: '1', LTX_E2E_VSIX: vsix }),
    );
  } catch (error) {
    process.stderr.write(`[e2e] ${error instanceof Error ? error.message : String(error)}\n`);
    result.failed += 1;
  } finally {
    killLeftovers();
  }
  const ok = result.code === 0 && result.failed === 0 && result.passed > 0;
  logStep(`code-server e2e ${ok ? 'passed' : 'FAILED'}`, start);
  process.stdout.write(`${result.passed} passed, ${result.failed} failed\n`);
  process.exit(ok ? 0 : 1);
}

await main();
