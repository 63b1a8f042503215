// `pnpm dev:vscode` (scripts/dev-vscode.mjs): starts the simulator and code-server with the extension,
// prints what a newcomer needs, serves the workbench, stops everything on Ctrl-C, and keeps the
// workspace, the job list and the stored API key in a fixed folder for the next run (--clean: not).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { launchBrowser, toast, waitForWorkbench } from './browser.mjs';
import { CODE_SERVER_PREFIX, REPO_ROOT } from './env.mjs';
import { assertExtensionBuilt } from './session.mjs';
import { openFile, openJobsView, setKeyFromPalette, shot, shotOnFailure, UI_WAIT } from './workbench.mjs';

const work = mkdtempSync(join(tmpdir(), 'ltx-dev-vscode-'));
const devDir = join(work, 'dev');
after(() => rmSync(work, { recursive: true, force: true }));

/** Starts `pnpm dev:vscode`'s script; resolves once it printed its URLs. */
async function startDev(args = []) {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'scripts', 'dev-vscode.mjs'), ...args], {
    cwd: REPO_ROOT,
    // its own work and state dirs (a developer may be running it too), the installed code-server
    env: {
      ...process.env,
      LTX_E2E_WORK: join(work, 'e2e'),
      LTX_DEV_DIR: devDir,
      LTX_E2E_CODE_SERVER_PREFIX: CODE_SERVER_PREFIX,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c) => {
    out += c;
  });
  child.stderr.on('data', (c) => {
    out += c;
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`dev:vscode did not get ready:\n${out}`)), 90_000);
    const check = () => {
      if (out.includes('Ctrl-C stops') || out.includes('smoke check passed')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', check);
    child.once('exit', () => {
      clearTimeout(timer);
      if (out.includes('smoke check passed')) resolve();
      else reject(new Error(`dev:vscode exited early:\n${out}`));
    });
  });
  const url = /Open:\s+(\S+)/.exec(out)?.[1];
  const simulator = /Simulator:\s+(\S+)/.exec(out)?.[1];
  return { child, exited, url, simulator, output: () => out };
}

/** Presses the Submit CodeLens at the top of the open request file. */
async function submitFromLens(page) {
  const lens = page.locator('.codelens-decoration a', { hasText: 'Submit' }).first();
  await lens.waitFor({ timeout: UI_WAIT });
  await lens.click();
}

/** Ctrl-C, then checks that code-server and the simulator are gone. */
async function stopDev(dev) {
  dev.child.kill('SIGINT');
  const { code } = await dev.exited;
  assert.equal(code, 0, dev.output());
  await assert.rejects(fetch(new URL('healthz', dev.url)), 'code-server is stopped');
  await assert.rejects(fetch(`${dev.simulator}/ltx/v2/text-to-video/x`), 'the simulator is stopped');
}

test('dev:vscode keeps the workspace, the job list and the API key across restarts; --clean starts over', async () => {
  assertExtensionBuilt();
  const browser = await launchBrowser(join(work, 'browser'));
  const { page } = browser;
  let dev = await startDev();
  try {
    await shotOnFailure(page, 'dev-vscode', async () => {
      assert.ok(dev.url, `an "Open:" URL in\n${dev.output()}`);
      assert.match(dev.url, /extensionDevelopmentPath/);
      assert.match(dev.output(), /sim-ltx-key/, 'the simulator key to paste into "Set API Key"');
      assert.match(dev.output(), /First run/);
      const workspace = join(devDir, 'workspace');
      await page.goto(dev.url);
      await waitForWorkbench(page);
      await openJobsView(page);
      await setKeyFromPalette(page, 'LTX', 'sim-ltx-key');
      await openFile(page, 'text-to-video.ltx.json');
      await submitFromLens(page);
      const pane = await openJobsView(page);
      await pane
        .locator('.monaco-list-row', { hasText: 'lighthouse-at-dawn' })
        .first()
        .waitFor({ timeout: UI_WAIT });
      writeFileSync(join(workspace, 'my-notes.txt'), 'kept between runs\n');
      await stopDev(dev);

      dev = await startDev();
      assert.match(dev.output(), /Kept from the last run/);
      await page.goto(dev.url);
      await waitForWorkbench(page);
      const again = await openJobsView(page);
      // the job list came back with the workspace
      await again
        .locator('.monaco-list-row', { hasText: 'lighthouse-at-dawn' })
        .first()
        .waitFor({ timeout: UI_WAIT });
      assert.ok(existsSync(join(workspace, 'my-notes.txt')), 'the workspace was kept');
      // the stored key came back too: a submit goes through without "Set API Key"
      await openFile(page, 'image-to-video.ltx.json');
      await submitFromLens(page);
      await again
        .locator('.monaco-list-row', { hasText: 'gradient-sky' })
        .first()
        .waitFor({ timeout: UI_WAIT });
      assert.equal(await toast(page, 'No API key').count(), 0);
      await shot(page, 'dev-vscode-after-restart');
      await stopDev(dev);

      dev = await startDev(['--clean', '--smoke']);
      assert.match(dev.output(), /--clean: emptied/);
      assert.match(dev.output(), /First run/);
      assert.equal(existsSync(join(workspace, 'my-notes.txt')), false, '--clean made a fresh workspace');
      const { code } = await dev.exited;
      assert.equal(code, 0, dev.output());
    });
  } finally {
    dev.child.kill('SIGKILL');
    await browser.context.close();
  }
});
