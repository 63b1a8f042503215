/**
 * Extension-host test entry (the `extensionTestsPath` contract of @vscode/test-electron and of
 * code-server's `?payload=` URL): `run()` executes inside the real extension host, writes a JSON
 * result to `E2E_EXTHOST_RESULT` when set, and rejects when any test failed.
 */
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { cliJobTests } from './cli-jobs.test.js';
import { commandTests } from './commands.test.js';
import { readSuiteConfig } from './config.js';
import { costTests } from './cost.test.js';
import { diagnosticsTests } from './diagnostics.test.js';
import { editorHelpTests } from './editor-help.test.js';
import { firstHourTests } from './first-hour.test.js';
import { describeError, runTests, type TestCase, type TestResult } from './harness.js';
import { lmToolTests } from './lm-tools.test.js';
import {
  midDownloadResumeTests,
  midDownloadSubmitTests,
  reloadResumeTests,
  reloadSubmitTests,
} from './reload.test.js';
import { submitTests } from './submit.test.js';
import { takeTests } from './takes.test.js';

/** The JSON written to `E2E_EXTHOST_RESULT`. */
export interface SuiteResult {
  phase: string;
  passed: number;
  failed: number;
  tests: TestResult[];
  /** Handed to the next session by the runner. */
  carry: Record<string, unknown>;
  /** Where the host ran: code-server reports uiKind 2 (Web) and a remoteName. */
  host: { uiKind: number; remoteName: string | undefined; appHost: string; node: string; vscode: string };
}

function writeResult(result: SuiteResult): void {
  const path = process.env.E2E_EXTHOST_RESULT;
  if (path) writeFileSync(path, `${JSON.stringify(result, null, 2)}\n`);
}

/** Runs the phase the runner asked for. */
export async function run(): Promise<void> {
  const carry: Record<string, unknown> = {};
  const host = {
    uiKind: vscode.env.uiKind,
    remoteName: vscode.env.remoteName,
    appHost: vscode.env.appHost,
    node: process.version,
    vscode: vscode.version,
  };
  let tests: TestCase[];
  let phase = 'unknown';
  let results: TestResult[];
  try {
    const config = readSuiteConfig();
    phase = config.phase;
    tests =
      config.phase === 'resume'
        ? [...reloadResumeTests(config), ...midDownloadResumeTests(config)]
        : [
            ...submitTests(config),
            ...costTests(config),
            // before commandTests: its Refresh must not resume the long job those stop watching
            ...firstHourTests(config),
            ...commandTests(config),
            ...takeTests(config),
            ...diagnosticsTests(config),
            ...editorHelpTests(),
            ...cliJobTests(config),
            ...reloadSubmitTests(config, carry),
            // last: the session must end while this test's download is in flight
            ...midDownloadSubmitTests(config, carry),
          ];
    // The language-model tools run alone, from e2e/lm-tools.e2e.test.mjs (a window that shows dialogs).
    if (config.phase === 'lm-tools') tests = lmToolTests(config);
    console.log(
      `[exthost] phase ${phase}: ${tests.length} tests on VS Code ${vscode.version} (${host.appHost})`,
    );
    results = await runTests(tests);
  } catch (error) {
    results = [{ name: 'suite setup', ok: false, ms: 0, error: describeError(error) }];
  }
  const failed = results.filter((r) => !r.ok).length;
  writeResult({ phase, passed: results.length - failed, failed, tests: results, carry, host });
  if (failed > 0) throw new Error(`${failed} of ${results.length} extension-host tests failed`);
}
