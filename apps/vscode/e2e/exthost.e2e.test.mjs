// Runs test/exthost (bundled to out/test/index.js) inside code-server's real Node extension host,
// through the workbench URL `?payload=[["extensionDevelopmentPath",…],["extensionTestsPath",…]]`.
// Two sessions on the same browser profile and workspace: `main`, then `resume` (a window reload).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { buildTests, TESTS_BUNDLE } from './build-tests.mjs';
import { workbenchUrl } from './code-server.mjs';
import { EXT_DIR, logStep } from './env.mjs';
import { assertExtensionBuilt, openSession, tail, waitForJson, writeJson } from './session.mjs';
import { suiteSimulatorConfig } from './simulator.mjs';

let session;

before(async () => {
  assertExtensionBuilt();
  if (!process.env.LTX_E2E_TESTS_BUILT) await buildTests();
  session = await openSession('exthost');
});

after(async () => {
  await session?.close();
});

/** Loads the workbench with the suite for `phase` and returns the suite's JSON result. */
async function runPhase(phase, carry) {
  const { page, server, workspace, configPath, resultPath } = session;
  rmSync(resultPath, { force: true });
  writeJson(configPath, { phase, simulator: suiteSimulatorConfig(session.simulator), carry });
  const start = performance.now();
  await page.goto(workbenchUrl(server.url, { folder: workspace, devPath: EXT_DIR, testsPath: TESTS_BUNDLE }));
  const exitsBefore = hostExits(server.logFile);
  // An extension host that exits without writing a result crashed or could not load the suite.
  const exitedWithout = () =>
    hostExits(server.logFile) > exitsBefore && !existsSync(resultPath)
      ? `the extension host exited without writing ${resultPath}`
      : undefined;
  const result = await waitForJson(resultPath, { timeoutMs: 240_000, failFast: exitedWithout }).catch(
    (error) => {
      throw new Error(`${error.message}\n--- code-server log ---\n${tail(server.logFile)}`);
    },
  );
  logStep(`extension-host phase ${phase}: ${result.passed} passed, ${result.failed} failed`, start);
  return result;
}

function hostExits(logFile) {
  return (readFileSync(logFile, 'utf8').match(/Extension Host Process exited with code/g) ?? []).length;
}

/** Reports each extension-host test as a node:test subtest. */
async function report(t, result) {
  for (const r of result.tests) {
    await t.test(r.name, (st) => {
      st.diagnostic(`${r.ms} ms inside the extension host`);
      if (!r.ok) assert.fail(r.error);
    });
  }
  assert.ok(result.tests.length > 0, 'the suite ran tests');
}

let carry;

test('extension host, session 1: submit, download, failure, diagnostics, slow job left running', async (t) => {
  const result = await runPhase('main');
  assert.equal(result.host.uiKind, 2, 'the suite ran in code-server (UIKind.Web) with a Node extension host');
  carry = result.carry;
  await report(t, result);
});

test('extension host, session 2 (window reload): the slow job resumes and completes', async (t) => {
  assert.ok(carry?.ref, 'session 1 left a running job to resume');
  const result = await runPhase('resume', carry);
  await report(t, result);
});

/** Every file below `dir` (absolute paths); none when it does not exist. */
function filesBelow(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map((name) => join(dir, String(name)))
    .filter((path) => statSync(path).isFile());
}

test('no API key in the logs, the job ledger, provenance files or settings', () => {
  assert.ok(carry?.ref, 'the sessions ran');
  const { runDir, workspace, simulator } = session;
  const ledgers = filesBelow(join(runDir, 'ud', 'User', 'globalStorage', 'ltx-jobs.ltx-jobs-vscode'));
  assert.ok(
    ledgers.some((f) => f.endsWith('jobs.jsonl')),
    "the ledger lives in the extension's global storage, per workspace",
  );
  const files = [
    ...filesBelow(join(runDir, 'ud', 'logs')),
    ...ledgers,
    ...filesBelow(workspace),
    join(runDir, 'ud', 'User', 'settings.json'),
    join(runDir, 'browser-console.log'),
  ].filter((f) => existsSync(f));
  assert.ok(
    files.some((f) => f.endsWith('LTX Jobs.log')),
    'the "LTX Jobs" log channel wrote a file to search',
  );
  const leaks = [];
  for (const file of files) {
    const text = readFileSync(file, 'latin1');
    for (const secret of [simulator.ltxApiKey, simulator.useapiToken]) {
      if (text.includes(secret)) leaks.push(file);
    }
  }
  assert.deepEqual(leaks, [], `files holding an API key (of ${files.length} searched)`);
});
