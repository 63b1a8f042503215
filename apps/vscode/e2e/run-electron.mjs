#!/usr/bin/env node
// `test:electron`: the same extension-host suite under @vscode/test-electron's runTests (desktop
// VS Code), with the simulator started here and the same fixture workspace. Two launches on one
// user-data-dir: `main`, then `resume` (a window reload).
// VS Code comes from VSCODE_EXECUTABLE_PATH, else test-electron downloads it (impossible offline:
// then this exits non-zero and says so).
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runTests } from '@vscode/test-electron';
import { buildTests, TESTS_BUNDLE } from './build-tests.mjs';
import { EXT_DIR, logStep, WORK_DIR } from './env.mjs';
import { assertExtensionBuilt, RUNS_DIR, writeJson } from './session.mjs';
import { startE2eSimulator, suiteSimulatorConfig } from './simulator.mjs';
import { prepareWorkspace } from './workspace.mjs';

/** VS Code version test-electron downloads when no executable is given; default 1.100.3 (as code-server 4.100.3). */
export const VSCODE_VERSION = process.env.LTX_E2E_VSCODE_VERSION || '1.100.3';

/** Thrown when no VS Code can be had; its message says what to set. */
export class NoVSCodeError extends Error {
  name = 'NoVSCodeError';
}

function readResult(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Runs both phases. Options (defaults from env): `vscodeExecutablePath` (VSCODE_EXECUTABLE_PATH),
 * `cachePath` for downloads (LTX_E2E_VSCODE_CACHE, default `<work>/vscode-test`).
 * Returns `{ passed, failed, phases }`, counting the suite's own tests.
 */
export async function runElectronSuite({
  vscodeExecutablePath = process.env.VSCODE_EXECUTABLE_PATH || undefined,
  cachePath = process.env.LTX_E2E_VSCODE_CACHE || join(WORK_DIR, 'vscode-test'),
} = {}) {
  assertExtensionBuilt();
  if (!process.env.LTX_E2E_TESTS_BUILT) await buildTests();
  const runDir = join(RUNS_DIR, 'electron');
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  mkdirSync(cachePath, { recursive: true });
  const simulator = await startE2eSimulator();
  const totals = { passed: 0, failed: 0, phases: [] };
  try {
    const workspace = prepareWorkspace(join(runDir, 'ws'), simulator);
    const configPath = join(runDir, 'exthost-config.json');
    const resultPath = join(runDir, 'exthost-result.json');
    let carry;
    for (const phase of ['main', 'resume']) {
      const start = performance.now();
      writeJson(configPath, { phase, simulator: suiteSimulatorConfig(simulator), carry });
      rmSync(resultPath, { force: true });
      let exitError;
      try {
        await runTests({
          ...(vscodeExecutablePath ? { vscodeExecutablePath } : { version: VSCODE_VERSION, cachePath }),
          extensionDevelopmentPath: EXT_DIR,
          extensionTestsPath: TESTS_BUNDLE,
          launchArgs: [
            workspace,
            `--user-data-dir=${join(runDir, 'user-data')}`,
            `--extensions-dir=${join(runDir, 'extensions')}`,
            '--password-store=basic',
          ],
          extensionTestsEnv: { E2E_EXTHOST_CONFIG: configPath, E2E_EXTHOST_RESULT: resultPath },
        });
      } catch (error) {
        if (!vscodeExecutablePath && !readResult(resultPath)) {
          throw new NoVSCodeError(
            `could not get VS Code ${VSCODE_VERSION} (${error instanceof Error ? error.message : error}). ` +
              'This machine cannot download it: set VSCODE_EXECUTABLE_PATH to a desktop VS Code binary, ' +
              'or run `pnpm test:e2e` (code-server) instead.',
          );
        }
        exitError = error;
      }
      const result = readResult(resultPath);
      if (!result) {
        throw new Error(
          `phase ${phase}: VS Code ended (${exitError?.message ?? 'exit 0'}) without writing ${resultPath}`,
        );
      }
      totals.passed += result.passed;
      totals.failed += result.failed;
      totals.phases.push(result);
      logStep(`test-electron phase ${phase}: ${result.passed} passed, ${result.failed} failed`, start);
      if (exitError && result.failed === 0) {
        throw new Error(
          `phase ${phase}: VS Code exited with an error although the suite passed: ${exitError.message}`,
        );
      }
      carry = result.carry;
    }
  } finally {
    await simulator.stop();
  }
  return totals;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const start = performance.now();
  runElectronSuite().then(
    ({ passed, failed }) => {
      logStep(`test-electron ${failed === 0 ? 'passed' : 'FAILED'}`, start);
      process.stdout.write(`${passed} passed, ${failed} failed\n`);
      process.exit(failed === 0 && passed > 0 ? 0 : 1);
    },
    (error) => {
      process.stderr.write(
        `[e2e] test-electron: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.stdout.write('0 passed, 1 failed\n');
      process.exit(1);
    },
  );
}
