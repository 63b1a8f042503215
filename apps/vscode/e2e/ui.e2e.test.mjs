// UI tests: the packaged extension in code-server's workbench, driven with playwright-core + Chromium.
// Screenshots go to <repo>/.e2e/shots/*.png.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCommand, statusBar, toast, waitForWorkbench } from './browser.mjs';
import { SHOTS_DIR } from './env.mjs';
import { assertExtensionBuilt, openSession } from './session.mjs';
import { packageVsix } from './vsix.mjs';
import {
  contextMenu,
  dialog,
  focusedText,
  openFile,
  openJobsView,
  setKeyFromPalette,
  shot,
  UI_WAIT,
} from './workbench.mjs';

let vsix;
before(async () => {
  assertExtensionBuilt();
  mkdirSync(SHOTS_DIR, { recursive: true });
  vsix = process.env.LTX_E2E_VSIX || (await packageVsix());
});

describe('workbench (trusted workspace)', () => {
  let session;
  let page;
  before(async () => {
    session = await openSession('ui', { vsix });
    page = session.page;
    await page.goto(`${session.server.url}?folder=${encodeURIComponent(session.workspace)}`);
    await waitForWorkbench(page);
  });
  after(async () => {
    await session?.close();
  });

  test('the Jobs view shows the welcome content while no API key is set', async () => {
    const pane = await openJobsView(page);
    const welcome = pane.locator('.welcome-view-content');
    await welcome.waitFor({ timeout: UI_WAIT });
    assert.match((await welcome.textContent()) ?? '', /API key/i);
    await shot(page, 'welcome-view');
  });

  test('Set API Key from the palette: provider pick, then a password box', async () => {
    await setKeyFromPalette(page, 'LTX', session.simulator.ltxApiKey);
  });

  test('Submit Job from JSON File: tree row, status bar "running", completion toast, MP4 on disk', async () => {
    await openFile(page, 'ui-lighthouse.ltx.json');
    await page.locator('.codelens-decoration', { hasText: 'Submit' }).first().waitFor({ timeout: UI_WAIT });
    await runCommand(page, 'LTX Jobs: Submit Job from JSON File');
    const pane = await openJobsView(page);
    const row = pane.locator('.monaco-list-row', { hasText: 'ui-lighthouse' }).first();
    await row.waitFor({ timeout: UI_WAIT });
    await statusBar(page)
      .getByText(/LTX: \d+ running/)
      .waitFor({ timeout: UI_WAIT });
    await shot(page, 'job-running');
    const menu = await contextMenu(page, row, 'job-running-context-menu');
    for (const item of ['Copy Job ID', 'Open Request File', 'Stop Watching', 'Remove from List']) {
      assert.ok(menu.includes(item), `"${item}" in the menu of a running LTX job: ${menu.join(', ')}`);
    }
    assert.ok(!menu.includes('Cancel Job'), 'LTX jobs cannot be cancelled: no "Cancel Job"');
    assert.ok(!menu.includes('Download Artifacts'), 'nothing to download while it runs');
    const done = toast(page, 'LTX job "ui-lighthouse" finished');
    await done.waitFor({ timeout: UI_WAIT });
    // the download's progress toast goes away once the file is on disk
    await toast(page, 'Downloading LTX job "ui-lighthouse"').waitFor({ state: 'detached', timeout: UI_WAIT });
    await shot(page, 'job-finished');
    const finishedToast = page.locator('.notifications-toasts .notification-toast', {
      hasText: 'LTX job "ui-lighthouse" finished',
    });
    const buttons = await finishedToast.locator('.monaco-button').allTextContents();
    assert.deepEqual(
      buttons.map((b) => b.trim()),
      ['Open', 'Reveal in Explorer', 'Copy URL', 'Open Gallery'],
    );
    const out = join(session.workspace, 'ltx-output');
    const mp4 = readdirSync(out, { recursive: true })
      .map(String)
      .find((f) => f.endsWith('.mp4'));
    assert.ok(mp4, `an .mp4 under ${out}`);
    assert.equal(readFileSync(join(out, mp4)).subarray(4, 8).toString('latin1'), 'ftyp');
    assert.ok(existsSync(join(out, `${mp4}.ltx-job.json`)), 'provenance file beside the MP4');
    assert.equal(session.simulator.sim.submitCount('ltx'), 1, 'exactly one submit reached the simulator');
    await pane.locator('.monaco-list-row', { hasText: /\.mp4/ }).first().waitFor({ timeout: UI_WAIT });
    await shot(page, 'job-finished-tree');
  });

  test('submitting the same file again asks before billing again; Cancel sends nothing', async () => {
    await openFile(page, 'ui-lighthouse.ltx.json');
    await runCommand(page, 'LTX Jobs: Submit Job from JSON File');
    const box = dialog(page);
    await box.waitFor({ timeout: UI_WAIT });
    assert.match((await box.textContent()) ?? '', /billed again/);
    // Enter must not bill: the default (focused) button is the safe one
    assert.equal(await focusedText(page), 'Show Earlier Job');
    await shot(page, 'duplicate-prompt');
    await box.locator('.monaco-button', { hasText: /^Cancel$/ }).click();
    await box.waitFor({ state: 'detached', timeout: UI_WAIT });
    assert.equal(session.simulator.sim.submitCount('ltx'), 1, 'still one submit');
  });

  test('the Submit CodeLens shows the cost estimate; ltxJobs.confirmAbove asks before a dearer submit', async () => {
    await openFile(page, 'ui-priced.ltx.json');
    // ltx-2-3-pro at 1440p: $0.16/s x 6 s
    const lens = page.locator('.codelens-decoration', { hasText: 'Submit · ≈ $0.96' }).first();
    await lens.waitFor({ timeout: UI_WAIT });
    await shot(page, 'codelens-estimate');
    const settingsPath = join(session.workspace, '.vscode', 'settings.json');
    const settings = JSON.parse(readFileSync(settingsPath, 'utf8'));
    writeFileSync(settingsPath, JSON.stringify({ ...settings, 'ltxJobs.confirmAbove': 0.5 }, null, 2));
    const before = session.simulator.sim.submitCount('ltx');
    try {
      // the extension has read the new setting once the lens's tooltip says a submit will ask
      await page
        .locator('.codelens-decoration a[title*="Asks first: above ltxJobs.confirmAbove ($0.50)"]')
        .first()
        .waitFor({ state: 'attached', timeout: UI_WAIT });
      await runCommand(page, 'LTX Jobs: Submit Job from JSON File');
      const box = dialog(page);
      await box.waitFor({ timeout: UI_WAIT });
      assert.match((await box.textContent()) ?? '', /Submit "ui-priced" for ≈ \$0\.96\?/);
      await shot(page, 'confirm-above');
      await box.locator('.monaco-button', { hasText: /^Cancel$/ }).click();
      await box.waitFor({ state: 'detached', timeout: UI_WAIT });
      assert.equal(session.simulator.sim.submitCount('ltx'), before, 'declined: nothing sent');
    } finally {
      writeFileSync(settingsPath, JSON.stringify(settings, null, 2));
    }
  });

  test('a browser reload keeps the job list (the old extension host still holds its storage)', async () => {
    await page.reload();
    await waitForWorkbench(page);
    const pane = await openJobsView(page);
    await pane
      .locator('.monaco-list-row', { hasText: 'ui-lighthouse' })
      .first()
      .waitFor({ timeout: UI_WAIT });
    await shot(page, 'after-reload');
  });

  test('Cancel Job is offered for a running useapi job: Keep Running / Cancel Job, then a grey cancelled row', async () => {
    await setKeyFromPalette(page, 'useapi.net', session.simulator.useapiToken);
    await openFile(page, 'ui-slow-useapi.ltx.json');
    await runCommand(page, 'LTX Jobs: Submit Job from JSON File');
    const pane = await openJobsView(page);
    const row = pane.locator('.monaco-list-row', { hasText: 'ui-slow-useapi' }).first();
    await row.waitFor({ timeout: UI_WAIT });
    await row.locator('.label-description', { hasText: '%' }).waitFor({ timeout: UI_WAIT });
    await shot(page, 'useapi-running');
    const menu = await contextMenu(page, row, 'useapi-context-menu');
    assert.ok(menu.includes('Cancel Job'), `"Cancel Job" in the menu of a running useapi job: ${menu}`);
    // the row's inline action (the same command; the menu item was checked above)
    await row.hover();
    await row.locator('.actions .action-label[aria-label="Cancel Job"]').click();
    const box = dialog(page);
    await box.waitFor({ timeout: UI_WAIT });
    const buttons = (await box.locator('.monaco-button').allTextContents()).map((b) => b.trim());
    assert.deepEqual(buttons.sort(), ['Cancel Job', 'Keep Running'], 'the buttons say what they do');
    await shot(page, 'useapi-cancel-confirm');
    await box.locator('.monaco-button', { hasText: 'Cancel Job' }).click();
    // its own state and a grey icon, not a red failure
    await row.locator('.label-description', { hasText: /^cancelled/ }).waitFor({ timeout: UI_WAIT });
    await row.locator('.codicon-circle-slash').waitFor({ timeout: UI_WAIT });
    assert.equal(await row.locator('.codicon-error').count(), 0);
    assert.equal(session.simulator.sim.requestsWhere({ api: 'useapi', op: 'cancel' }).length, 1);
    await shot(page, 'useapi-cancelled');
  });

  test('an invalid request file shows its error in the editor and the Problems panel', async () => {
    await openFile(page, 'invalid-duration.ltx.json');
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: UI_WAIT });
    // the lens says so before anyone clicks Submit, and leads to the Problems panel
    const lens = page.locator('.codelens-decoration a', { hasText: 'Submit · 1 problem' }).first();
    await lens.waitFor({ timeout: UI_WAIT });
    await lens.click();
    const problem = page.locator('.markers-panel .monaco-list-row', { hasText: /duration/i }).first();
    await problem.waitFor({ timeout: UI_WAIT });
    await shot(page, 'diagnostics');
  });
});

describe('workbench (untrusted workspace, Restricted Mode)', () => {
  let session;
  let page;
  before(async () => {
    session = await openSession('ui-untrusted', {
      vsix,
      workspaceTrust: true,
      userSettings: { 'security.workspace.trust.startupPrompt': 'never' },
    });
    page = session.page;
    await page.goto(`${session.server.url}?folder=${encodeURIComponent(session.workspace)}`);
    await waitForWorkbench(page);
  });
  after(async () => {
    await session?.close();
  });

  test('submitting is refused with a message and nothing reaches the provider', async () => {
    await statusBar(page).getByText('Restricted Mode').waitFor({ timeout: UI_WAIT });
    await openFile(page, 'ui-lighthouse.ltx.json');
    await runCommand(page, 'LTX Jobs: Submit Job from JSON File');
    await toast(page, 'not trusted').waitFor({ timeout: UI_WAIT });
    await shot(page, 'untrusted-refused');
    assert.equal(session.simulator.sim.submitCount(), 0, 'no submit in Restricted Mode');
  });

  test('a tracked job is followed to its end but nothing is downloaded', async () => {
    const { ltxBaseUrl, ltxApiKey, sim } = session.simulator;
    // Restricted Mode ignores the workspace's base URL (a restricted setting). Point the remote
    // machine's settings (where code-server reads machine-overridable settings) at the simulator, as
    // a user who trusts it would; VS Code picks the file up live.
    const machine = join(session.profile.userDataDir, 'Machine');
    mkdirSync(machine, { recursive: true });
    writeFileSync(
      join(machine, 'settings.json'),
      JSON.stringify({ 'ltxJobs.ltx.baseUrl': ltxBaseUrl, 'ltxJobs.pollIntervalSeconds': 1 }),
    );
    const res = await fetch(`${ltxBaseUrl}/v2/text-to-video`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ltxApiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        prompt: 'Submitted elsewhere [sim:processing-ms=500]',
        model: 'ltx-2-3-fast',
        resolution: '1920x1080',
        duration: 6,
        fps: 24,
      }),
    });
    const { id } = await res.json();
    await setKeyFromPalette(page, 'LTX', ltxApiKey);
    await runCommand(page, 'LTX Jobs: Track Existing Job');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`ltx:text-to-video/${id}`);
    await page.keyboard.press('Enter');
    const pane = await openJobsView(page);
    // a tracked job has no request-file name: endpoint and short id
    const row = pane.locator('.monaco-list-row', { hasText: `text-to-video ${id.slice(0, 8)}` }).first();
    await row.locator('.label-description', { hasText: 'expires in' }).waitFor({ timeout: UI_WAIT });
    const done = page.locator('.notifications-toasts .notification-toast', { hasText: 'finished' });
    await done.waitFor({ timeout: UI_WAIT });
    assert.match((await done.textContent()) ?? '', /trust this workspace to download/);
    assert.deepEqual(
      (await done.locator('.monaco-button').allTextContents()).map((b) => b.trim()),
      ['Copy URL', 'Manage Workspace Trust'],
    );
    const menu = await contextMenu(page, row, 'untrusted-finished-context-menu');
    assert.ok(!menu.includes('Download Artifacts'), `no "Download Artifacts" in Restricted Mode: ${menu}`);
    assert.equal(sim.requestsWhere({ op: 'download' }).length, 0, 'no artifact download');
    assert.ok(!existsSync(join(session.workspace, 'ltx-output')), 'no ltx-output folder');
  });
});
