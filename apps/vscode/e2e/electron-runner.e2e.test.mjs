// run-electron.mjs (test:electron) where desktop VS Code cannot be had: it must launch the given
// executable with @vscode/test-electron's arguments and the suite's environment, run two sessions on
// one profile, report failures, and fail clearly when it can neither find nor download VS Code.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { buildTests, TESTS_BUNDLE } from './build-tests.mjs';
import { EXT_DIR } from './env.mjs';
import { assertExtensionBuilt } from './session.mjs';

const FAKE = join(EXT_DIR, 'e2e', 'fake-vscode.mjs');
let tmp;

before(async () => {
  assertExtensionBuilt();
  if (!process.env.LTX_E2E_TESTS_BUILT) await buildTests({ typecheck: false });
  tmp = mkdtempSync(join(tmpdir(), 'ltx-electron-runner-'));
});
after(() => rmSync(tmp, { recursive: true, force: true }));

function runElectron(env) {
  const base = { ...process.env, LTX_E2E_TESTS_BUILT: '1' };
  delete base.VSCODE_EXECUTABLE_PATH;
  return spawnSync(process.execPath, [join(EXT_DIR, 'e2e', 'run-electron.mjs')], {
    cwd: EXT_DIR,
    encoding: 'utf8',
    env: { ...base, ...env },
    timeout: 120_000,
  });
}

test('launches VSCODE_EXECUTABLE_PATH twice on one profile with the suite args and env', () => {
  const log = join(tmp, 'pass.jsonl');
  const r = runElectron({ VSCODE_EXECUTABLE_PATH: FAKE, FAKE_VSCODE_LOG: log, FAKE_VSCODE_MODE: 'pass' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^2 passed, 0 failed$/m);
  const runs = readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.deepEqual(
    runs.map((x) => x.config.phase),
    ['main', 'resume'],
  );
  for (const run of runs) {
    for (const arg of [
      `--extensionTestsPath=${TESTS_BUNDLE}`,
      `--extensionDevelopmentPath=${EXT_DIR}`,
      '--disable-workspace-trust',
      '--no-sandbox',
    ]) {
      assert.ok(run.args.includes(arg), `${arg} in ${run.args.join(' ')}`);
    }
    assert.equal(run.simulatorStatus, 200, 'the simulator was up while VS Code ran');
    assert.equal(run.settings['ltxJobs.ltx.baseUrl'], run.config.simulator.ltxBaseUrl);
    assert.ok(!JSON.stringify(run.settings).includes(run.config.simulator.ltxApiKey), 'no key in settings');
  }
  const userDataDirs = runs.map((x) => x.args.find((a) => a.startsWith('--user-data-dir=')));
  assert.ok(userDataDirs[0], 'a --user-data-dir is passed');
  assert.equal(userDataDirs[0], userDataDirs[1], 'the reload session reuses the profile');
  assert.deepEqual(runs[1].config.carry, { ref: 'ltx:text-to-video/fake' }, 'session 1 hands its carry on');
});

test('a failing suite makes test:electron exit non-zero', () => {
  const log = join(tmp, 'fail.jsonl');
  const r = runElectron({ VSCODE_EXECUTABLE_PATH: FAKE, FAKE_VSCODE_LOG: log, FAKE_VSCODE_MODE: 'fail' });
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /^\d+ passed, [1-9]\d* failed$/m);
});

test('without VSCODE_EXECUTABLE_PATH and no download, it exits non-zero and says what to set', () => {
  const r = runElectron({
    LTX_E2E_VSCODE_CACHE: join(tmp, 'empty-cache'),
    // an unreachable proxy: the download fails here and on machines with network alike
    npm_config_https_proxy: 'http://127.0.0.1:9',
    npm_config_proxy: 'http://127.0.0.1:9',
  });
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /VSCODE_EXECUTABLE_PATH/);
  assert.match(r.stdout, /^0 passed, 1 failed$/m);
});
