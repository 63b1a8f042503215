// UI tests of runs (issue 11): the packaged extension in code-server, driven with playwright-core. A
// file with `"variations": {"count": 4}` is one run of four jobs under one node ("4/4 done"); the same
// file again is refused as a duplicate run (the safe button is the default); Download All writes four
// MP4s with distinct names; "Generate Variations…" asks how many (1–50, with the total estimate) and
// Resume Failed sends only the take the simulator failed. Screenshots go to <repo>/.e2e/shots/runs-*.png.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCommand, waitForWorkbench } from './browser.mjs';
import { SHOTS_DIR } from './env.mjs';
import { assertExtensionBuilt, openSession } from './session.mjs';
import { packageVsix } from './vsix.mjs';
import {
  clickMenuItem,
  dialog,
  focusedText,
  notificationShown,
  openFile,
  openJobsView,
  setKeyFromPalette,
  shot,
  shotOnFailure,
  UI_WAIT,
} from './workbench.mjs';
import { prepareWorkspace } from './workspace.mjs';

let vsix;
before(async () => {
  assertExtensionBuilt();
  mkdirSync(SHOTS_DIR, { recursive: true });
  vsix = process.env.LTX_E2E_VSIX || (await packageVsix());
});

describe('runs in the workbench', () => {
  let session;
  let page;
  /** A row of the Jobs view whose text contains `text`. */
  const row = (text) => page.locator('.part.sidebar .monaco-list-row', { hasText: text }).first();
  /** Waits until the row containing `text` has a description matching `description`. */
  const description = (text, description) =>
    row(text).locator('.label-description', { hasText: description }).waitFor({ timeout: UI_WAIT });

  /**
   * Right-clicks `target` and runs its menu item `label`. A run's node redraws whenever one of its jobs
   * changes, which can swallow a right-click or close the menu: each try starts over (at most 5).
   */
  async function runItemOf(target, label) {
    const menu = page.locator('.context-view .monaco-menu');
    for (let tries = 1; ; tries++) {
      await target.click({ button: 'right' });
      const item = menu.locator('.action-label', { hasText: label }).first();
      const shown = await item
        .waitFor({ timeout: 5_000 })
        .then(() => true)
        .catch(() => false);
      if (shown) {
        await clickMenuItem(page, label);
        return;
      }
      if (tries >= 5) throw new Error(`no "${label}" in the context menu after ${tries} right-clicks`);
      await page.keyboard.press('Escape');
      await page.waitForTimeout(500);
    }
  }

  before(async () => {
    session = await openSession('runs', { vsix });
    // Nothing downloads on its own (a workspace setting): Download All has the four files to fetch.
    prepareWorkspace(session.workspace, session.simulator, {
      keep: true,
      extraSettings: { 'ltxJobs.autoDownload': false },
    });
    page = session.page;
    await page.goto(`${session.server.url}?folder=${encodeURIComponent(session.workspace)}`);
    await waitForWorkbench(page);
    await openJobsView(page);
    await setKeyFromPalette(page, 'LTX', session.simulator.ltxApiKey);
  });
  after(async () => {
    await session?.close();
  });

  test('"variations": {"count": 4} is one run of four jobs under one node: "4/4 done", no duplicate warning', () =>
    shotOnFailure(page, 'runs-1', async () => {
      const { sim } = session.simulator;
      await openFile(page, 'takes.ltx.json');
      // the lens prices the whole run before anything is sent
      await page
        .locator('.codelens-decoration', { hasText: 'Submit 4 Jobs · ≈ $3.84' })
        .first()
        .waitFor({ timeout: UI_WAIT });
      await runCommand(page, 'LTX Jobs: Submit Job from JSON File');
      await openJobsView(page);
      await row('takes ×4').waitFor({ timeout: UI_WAIT });
      await description('takes ×4', '4/4 done');
      assert.equal(sim.submitCount('ltx'), 4, 'four jobs, each submitted once');
      assert.equal(await dialog(page).count(), 0, 'no "billed again?" question for intended takes');
      for (const name of ['takes-v1', 'takes-v2', 'takes-v3', 'takes-v4']) {
        await description(name, /^succeeded/);
      }
      // the takes are listed once, under the run node (indented one level deeper)
      const names = page.locator('.part.sidebar .monaco-list-row .label-name', { hasText: /^takes-v\d$/ });
      assert.equal(await names.count(), 4);
      const level = async (locator) => Number(await locator.getAttribute('aria-level'));
      assert.equal(await level(row('takes-v1')), (await level(row('takes ×4'))) + 1);
      await notificationShown(page, 'submitted 4 of 4 jobs');
      // one message for the run, not one per take
      await notificationShown(page, 'LTX run "takes ×4" finished: 4/4 done');
      await page.mouse.move(900, 500);
      await shot(page, 'runs-node');
      await row('takes ×4').hover();
      const hover = page.locator('.monaco-hover', { hasText: 'run of 4 jobs' });
      await hover.waitFor({ timeout: UI_WAIT });
      assert.match((await hover.textContent()) ?? '', /Estimate: ≈ \$3\.84/);
      await shot(page, 'runs-node-tooltip');
      await page.mouse.move(900, 500);
    }));

  test('the same file again is refused as a duplicate run; the default button bills nothing', () =>
    shotOnFailure(page, 'runs-2', async () => {
      await openFile(page, 'takes.ltx.json');
      await runCommand(page, 'LTX Jobs: Submit Job from JSON File');
      const box = dialog(page);
      await box.waitFor({ timeout: UI_WAIT });
      const text = (await box.textContent()) ?? '';
      assert.match(text, /billed again/);
      assert.match(text, /All 4 jobs of this run were submitted before/);
      assert.equal(await focusedText(page), 'Show Earlier Run', 'Enter does not bill');
      await shot(page, 'runs-duplicate-run');
      await page.keyboard.press('Escape');
      await box.waitFor({ state: 'detached', timeout: UI_WAIT });
      assert.equal(session.simulator.sim.submitCount('ltx'), 4, 'nothing more was submitted');
    }));

  test('Download All writes the four MP4s, with distinct names', () =>
    shotOnFailure(page, 'runs-3', async () => {
      const out = join(session.workspace, 'ltx-output');
      const mp4sOnDisk = () =>
        existsSync(out) ? readdirSync(out).filter((f) => /^takes-v\d.*\.mp4$/.test(f)) : [];
      assert.deepEqual(mp4sOnDisk(), [], 'nothing downloaded before (ltxJobs.autoDownload is off)');
      await openJobsView(page);
      await runItemOf(row('takes ×4'), 'Download All');
      await notificationShown(page, '4 files of 4 finished jobs on disk');
      const mp4s = mp4sOnDisk();
      assert.equal(mp4s.length, 4, `four MP4s in ${out}: ${mp4s.join(', ')}`);
      assert.equal(new Set(mp4s).size, 4);
      await page
        .locator('.part.sidebar .monaco-list-row', { hasText: /takes-v1.*\.mp4/ })
        .first()
        .waitFor();
    }));

  test('Generate Variations… asks how many; Resume Failed sends only the take that failed', () =>
    shotOnFailure(page, 'runs-4', async () => {
      const { sim } = session.simulator;
      const before = sim.jobs.list().length;
      // the second of the next three jobs fails at the provider
      sim.setFaults({ jobFaults: { [before + 2]: { fail: 'api_error' } } });
      await openFile(page, 'resume.ltx.json');
      await runCommand(page, 'LTX Jobs: Generate Variations…');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ timeout: UI_WAIT });
      const message = page.locator('.quick-input-widget .quick-input-message');
      await input.fill('51');
      await message.filter({ hasText: 'A whole number from 1 to 50' }).waitFor({ timeout: UI_WAIT });
      await input.fill('3');
      await message.filter({ hasText: '3 jobs, ≈ $2.88 in total' }).waitFor({ timeout: UI_WAIT });
      await shot(page, 'runs-generate-variations');
      await page.keyboard.press('Enter');
      await openJobsView(page);
      await description('resume ×3', '2/3 done, 1 failed');
      await notificationShown(page, 'LTX run "resume ×3" finished: 2/3 done, 1 failed');
      assert.equal(sim.jobs.list().length, before + 3);

      await runItemOf(row('resume ×3'), 'Resume Failed');
      const box = dialog(page);
      await box.waitFor({ timeout: UI_WAIT });
      const text = (await box.textContent()) ?? '';
      assert.match(text, /Submit 1 failed or unsent job of "resume ×3" again, ≈ \$/);
      assert.match(text, /resume-v2/);
      assert.equal(await focusedText(page), 'Show Run', 'Enter does not bill');
      await shot(page, 'runs-resume-failed');
      await box.locator('.monaco-button', { hasText: 'Submit 1 Job Again' }).click();
      await description('resume ×3', '3/3 done');
      assert.equal(sim.jobs.list().length, before + 4, 'exactly the failed take was sent again');
      assert.equal(
        await page.locator('.part.sidebar .monaco-list-row .label-name', { hasText: /^resume-v2$/ }).count(),
        1,
        'its failed first attempt is not listed beside the new one',
      );
    }));
});
