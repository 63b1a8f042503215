// The language-model tools in code-server's real extension host: test/exthost/lm-tools.test.ts calls
// vscode.lm.invokeTool as an agent does. VS Code 1.100 shows ltx_submit's prepareInvocation
// confirmation as a modal dialog when no chat session is involved; this runner reads it in the browser,
// checks that it names the file, endpoint, model and estimate, screenshots it, and answers it.
// The window is a normal one (no extensionTestsPath: in extension-test mode VS Code answers every
// confirmation "yes" without showing it). The packaged .vsix is installed in the profile, and the suite
// is started by the test-only e2e/lm-driver extension, loaded as the development extension
// (code-server loads one extensionDevelopmentPath only).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { buildTests, TESTS_BUNDLE } from './build-tests.mjs';
import { remoteUri } from './code-server.mjs';
import { EXT_DIR, logStep, SHOTS_DIR } from './env.mjs';
import { assertExtensionBuilt, openSession, tail, waitForJson, writeJson } from './session.mjs';
import { suiteSimulatorConfig } from './simulator.mjs';
import { packageVsix } from './vsix.mjs';

let session;

before(async () => {
  assertExtensionBuilt();
  mkdirSync(SHOTS_DIR, { recursive: true });
  if (!process.env.LTX_E2E_TESTS_BUILT) await buildTests();
  const vsix = process.env.LTX_E2E_VSIX || (await packageVsix());
  session = await openSession('lm-tools', { vsix });
});

after(async () => {
  await session?.close();
});

/** The workbench on `folder` with the driver as the development extension and no tests path. */
function driverUrl(serverUrl, folder) {
  const payload = [['extensionDevelopmentPath', remoteUri(serverUrl, join(EXT_DIR, 'e2e', 'lm-driver'))]];
  return `${serverUrl}?${new URLSearchParams({ folder, payload: JSON.stringify(payload) })}`;
}

/**
 * Answers every confirmation dialog until `stop` is set: records its text, screenshots it, and clicks
 * Yes, or Cancel for a request named `*-declined`; for one named `*-edited` it first changes the file,
 * as a user editing it while the dialog is open would.
 */
async function answerDialogs(page, seen, stop, workspace) {
  const box = page.locator('.monaco-dialog-box');
  while (!stop.done) {
    if (!(await box.isVisible().catch(() => false))) {
      await new Promise((r) => setTimeout(r, 200));
      continue;
    }
    const text = ((await box.textContent()) ?? '').replace(/\s+/g, ' ');
    const declined = /-declined/.test(text);
    seen.push(text);
    if (/-edited/.test(text)) {
      const file = join(workspace, 'requests', 'agent-edited.ltx.json');
      writeFileSync(file, readFileSync(file, 'utf8').replace('Agent: edited', 'Agent: edited again'));
    }
    await page.screenshot({
      path: join(SHOTS_DIR, declined ? 'lm-submit-declined.png' : 'lm-submit-confirm.png'),
    });
    await box.locator('.monaco-button', { hasText: declined ? /^Cancel$/ : /^Yes$/ }).click();
    await box.waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
  }
}

test('language-model tools via vscode.lm.invokeTool: validate, a declined and a confirmed submit, wait, download', async (t) => {
  const { page, server, workspace, configPath, resultPath } = session;
  rmSync(resultPath, { force: true });
  writeJson(configPath, {
    phase: 'lm-tools',
    simulator: suiteSimulatorConfig(session.simulator),
    driverSuite: TESTS_BUNDLE,
  });
  const start = performance.now();
  await page.goto(driverUrl(server.url, workspace));
  const seen = [];
  const stop = { done: false };
  const answering = answerDialogs(page, seen, stop, workspace);
  let result;
  try {
    result = await waitForJson(resultPath, { timeoutMs: 240_000 });
  } catch (error) {
    throw new Error(`${error.message}\n--- code-server log ---\n${tail(server.logFile)}`);
  } finally {
    stop.done = true;
    await answering;
  }
  logStep(`lm-tools phase: ${result.passed} passed, ${result.failed} failed`, start);
  for (const r of result.tests) {
    await t.test(r.name, (st) => {
      st.diagnostic(`${r.ms} ms inside the extension host`);
      if (!r.ok) assert.fail(r.error);
    });
  }
  assert.ok(result.tests.length > 0, 'the suite ran tests');

  const confirm = seen.find((s) => s.includes('agent-pro'));
  assert.ok(confirm, `a confirmation for the submit was shown; dialogs: ${JSON.stringify(seen)}`);
  for (const part of [
    'Submit LTX job "agent-pro" (≈ $0.96)?',
    'File: requests/agent-pro.ltx.json',
    'Endpoint: ltx text-to-video',
    'Model: ltx-2-3-pro',
    '6 s × $0.16/s (output seconds',
  ]) {
    assert.ok(confirm.includes(part), `the confirmation shows "${part}": ${confirm}`);
  }
  assert.ok(
    seen.some((s) => s.includes('agent-declined')),
    'the declined submit was shown too',
  );
  assert.ok(
    seen.some((s) => s.includes('agent-edited')),
    'the edited submit was shown too',
  );
  assert.equal(seen.length, 3, `exactly the three submits asked for confirmation: ${JSON.stringify(seen)}`);
  assert.equal(
    session.simulator.sim.submitCount('ltx'),
    1,
    'only the confirmed submit reached the simulator',
  );
  const shot = join(SHOTS_DIR, 'lm-submit-confirm.png');
  assert.ok(existsSync(shot) && readFileSync(shot).length > 0);
});
