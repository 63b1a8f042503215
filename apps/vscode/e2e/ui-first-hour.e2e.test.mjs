// UI tests of a newcomer's first hour (issue 7): the packaged extension in code-server, driven with
// playwright-core. Key mistakes, multi-select submit and the waiting-for-a-slot row, title buttons
// with a row selected, a revoked key, Resume Watching, and a Jobs view that scales (group, filter,
// multi-select remove, Clear Finished). Screenshots go to <repo>/.e2e/shots/first-hour-*.png.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCommand, toast, waitForWorkbench } from './browser.mjs';
import { SHOTS_DIR } from './env.mjs';
import { assertExtensionBuilt, openSession } from './session.mjs';
import { packageVsix } from './vsix.mjs';
import {
  clickMenuItem,
  contextMenu,
  dialog,
  eventually,
  focusedText,
  jobsTitleButton,
  notificationShown,
  openFile,
  openJobsView,
  quietNotifications,
  explorerRow as revealInExplorer,
  runMenuItem,
  shot,
  shotOnFailure,
  UI_WAIT,
} from './workbench.mjs';

let vsix;
before(async () => {
  assertExtensionBuilt();
  mkdirSync(SHOTS_DIR, { recursive: true });
  vsix = process.env.LTX_E2E_VSIX || (await packageVsix());
});

describe('a first hour in the workbench', () => {
  let session;
  let page;
  /** A row of the Jobs view whose text contains `text`. */
  const row = (text) => page.locator('.part.sidebar .monaco-list-row', { hasText: text }).first();
  /** A row of the explorer. */
  const explorerRow = (name) =>
    page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first();

  before(async () => {
    session = await openSession('ui-first-hour', { vsix });
    page = session.page;
    await page.goto(`${session.server.url}?folder=${encodeURIComponent(session.workspace)}`);
    await waitForWorkbench(page);
  });
  after(async () => {
    await session?.close();
  });

  test('Set API Key checks the key: a wrong one is refused in the box, the right one is saved', () =>
    shotOnFailure(page, 'first-hour-1', async () => {
      await openJobsView(page);
      await runCommand(page, 'LTX Jobs: Set API Key');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'LTX' }).first().click();
      const input = page.locator('.quick-input-widget input[type="password"]');
      await input.waitFor();
      await input.fill('sk-typo');
      await page.keyboard.press('Enter');
      const message = page.locator('.quick-input-widget .quick-input-message', {
        hasText: 'LTX rejected this key',
      });
      await message.waitFor({ timeout: UI_WAIT });
      await shot(page, 'first-hour-key-rejected');
      await input.fill(session.simulator.ltxApiKey);
      await page.keyboard.press('Enter');
      await toast(page, 'LTX accepted it').waitFor({ timeout: UI_WAIT });
      const checks = session.simulator.sim.requestsWhere({ api: 'ltx', op: 'status' });
      assert.deepEqual(
        checks.map((r) => r.status),
        [401, 404],
        'one status read of a job that does not exist per check',
      );
      assert.equal(session.simulator.sim.submitCount(), 0, 'checking a key bills nothing');
    }));

  test('explorer multi-select: every file is submitted and counted; the third waits for a slot as a row', () =>
    shotOnFailure(page, 'first-hour-2', async () => {
      await revealInExplorer(page, 'requests/batch/shot-1.ltx.json');
      // shot-1, then Ctrl+click the other two; a Ctrl+click on a row that is still rendering can be
      // lost, so each is clicked again until it shows as selected
      const names = ['shot-1.ltx.json', 'shot-2.ltx.json', 'shot-3.ltx.json'];
      await explorerRow(names[0]).click();
      for (const name of names.slice(1)) {
        for (let tries = 0; tries < 10; tries++) {
          if ((await explorerRow(name).getAttribute('aria-selected')) === 'true') break;
          await explorerRow(name).click({ modifiers: ['Control'] });
          await page.waitForTimeout(300);
        }
      }
      const selected = page.locator('.explorer-folders-view .monaco-list-row[aria-selected="true"]');
      await page.waitForFunction(
        () =>
          document.querySelectorAll('.explorer-folders-view .monaco-list-row[aria-selected="true"]')
            .length === 3,
        undefined,
        { timeout: UI_WAIT },
      );
      assert.deepEqual(
        (await selected.allTextContents()).map((t) => t.trim()),
        ['shot-1.ltx.json', 'shot-2.ltx.json', 'shot-3.ltx.json'],
      );
      await shot(page, 'first-hour-explorer-selection');
      await runMenuItem(page, explorerRow('shot-3.ltx.json'), 'Submit Job from JSON File');
      await openJobsView(page);
      const waiting = page.locator('.part.sidebar .monaco-list-row', {
        hasText: 'waiting for a slot (2/2 running)',
      });
      await waiting.waitFor({ timeout: UI_WAIT });
      await shot(page, 'first-hour-waiting-for-slot');
      await notificationShown(page, 'submitted 3 of 3 request files');
      assert.equal(session.simulator.sim.submitCount('ltx'), 3);
      for (const name of ['shot-1', 'shot-2', 'shot-3']) await row(name).waitFor({ timeout: UI_WAIT });
    }));

  test('title buttons ignore the selected row: Submit takes the editor, Track asks for a ref', () =>
    shotOnFailure(page, 'first-hour-3', async () => {
      await openFile(page, 'shot-3.ltx.json');
      const onDisk = readFileSync(join(session.workspace, 'requests', 'batch', 'shot-3.ltx.json'), 'utf8');
      await openJobsView(page);
      await row('shot-1').click();
      await jobsTitleButton(page, 'Submit Job from JSON File').click();
      // it took the open request file (already submitted: the billed-again question), not the row
      const box = dialog(page);
      await box.waitFor({ timeout: UI_WAIT });
      assert.match((await box.textContent()) ?? '', /billed again/);
      assert.equal(await focusedText(page), 'Show Earlier Job', 'Enter does not bill');
      await shot(page, 'first-hour-title-submit-with-row');
      await page.keyboard.press('Escape');
      await box.waitFor({ state: 'detached', timeout: UI_WAIT });

      await row('shot-1').click();
      await jobsTitleButton(page, 'Track Existing Job').click();
      const input = page.locator('.quick-input-widget input');
      await page
        .locator('.quick-input-widget', { hasText: 'Track Existing Job' })
        .waitFor({ timeout: UI_WAIT });
      // typed as a user types, once the box has the focus (the box shows a moment before it takes it)
      await page.waitForFunction(
        () => document.activeElement?.closest('.quick-input-widget') != null,
        undefined,
        {
          timeout: UI_WAIT,
        },
      );
      await page.keyboard.type('not-a-ref');
      await page
        .locator('.quick-input-widget .quick-input-message', { hasText: 'must start with' })
        .waitFor({ timeout: UI_WAIT });
      await shot(page, 'first-hour-title-track-with-row');
      await input.press('Escape');
      assert.equal(await toast(page, 'is not valid').count(), 0, 'no "argument is not valid" error');
      assert.equal(await toast(page, 'expected string').count(), 0);
      const after = readFileSync(join(session.workspace, 'requests', 'batch', 'shot-3.ltx.json'), 'utf8');
      assert.equal(after, onDisk, 'nothing was typed into the open file');
      assert.equal(session.simulator.sim.submitCount('ltx'), 3, 'nothing more was submitted');
    }));

  test('a revoked key: "LTX rejected your API key", Set API Key, and the submit goes through', () =>
    shotOnFailure(page, 'first-hour-4', async () => {
      // the batch ends first, so no running job meets the revoked key
      for (const name of ['shot-1', 'shot-2', 'shot-3']) {
        await row(name)
          .locator('.label-description', { hasText: /^succeeded/ })
          .waitFor({ timeout: UI_WAIT });
      }
      // Their ends are told at once: the key's toast must not land inside that burst (see quietNotifications).
      await quietNotifications(page);
      session.simulator.sim.setApiKeys({ ltxApiKey: 'rotated-key' });
      await openFile(page, 'ui-revoked.ltx.json');
      await runCommand(page, 'LTX Jobs: Submit Job from JSON File');
      const rejected = page.locator('.notifications-toasts .notification-toast', {
        hasText: 'LTX rejected your API key',
      });
      await rejected.waitFor({ timeout: UI_WAIT });
      assert.deepEqual(
        (await rejected.locator('.monaco-button').allTextContents()).map((b) => b.trim()),
        ['Set API Key', 'Show Output'],
      );
      await shot(page, 'first-hour-key-rejected-toast');
      await rejected.locator('.monaco-button', { hasText: 'Set API Key' }).click();
      // no provider pick: the message named LTX
      const input = page.locator('.quick-input-widget input[type="password"]');
      await input.waitFor({ timeout: UI_WAIT });
      await input.fill('rotated-key');
      await page.keyboard.press('Enter');
      await openJobsView(page);
      await row('ui-revoked').waitFor({ timeout: UI_WAIT });
      // the row shows from the moment the submit is recorded, before LTX answers it
      const accepted = () =>
        session.simulator.sim.requestsWhere({ api: 'ltx', op: 'submit', status: 202 }).length;
      await eventually('the retried submit to be accepted', () => accepted() >= 4);
      assert.equal(accepted(), 4, 'one more submit was accepted, the retried one');
    }));

  test('Stop Watching has a way back: Resume Watching polls the job again', () =>
    shotOnFailure(page, 'first-hour-5', async () => {
      const revoked = row('ui-revoked');
      await revoked
        .locator('.label-description', { hasText: /^(queued|running)/ })
        .waitFor({ timeout: UI_WAIT });
      await runMenuItem(page, revoked, 'Stop Watching');
      await revoked.locator('.label-description', { hasText: 'not watched' }).waitFor({ timeout: UI_WAIT });
      const menu = await contextMenu(page, revoked, 'first-hour-paused-menu');
      assert.ok(menu.includes('Resume Watching'), `"Resume Watching" for a job not watched: ${menu}`);
      const polls = () =>
        session.simulator.sim.requestsWhere({ api: 'ltx', op: 'status' }).filter((r) => r.status === 200)
          .length;
      const before = polls();
      // the row's inline button (the same command as the menu item checked above)
      await revoked.hover();
      await revoked.locator('.actions .action-label[aria-label="Resume Watching"]').click();
      await revoked.locator('.label-description', { hasText: /^running · / }).waitFor({ timeout: UI_WAIT });
      await revoked.locator('.codicon-sync').waitFor({ timeout: UI_WAIT });
      const start = Date.now();
      while (polls() === before && Date.now() - start < UI_WAIT) await page.waitForTimeout(200);
      assert.ok(polls() > before, 'the job is polled again');
    }));

  test('rows are told apart: state and age first, the prompt, local times in the tooltip, artifacts by kind', () =>
    shotOnFailure(page, 'first-hour-6', async () => {
      const shot1 = row('shot-1');
      const description = (await shot1.locator('.label-description').textContent()) ?? '';
      assert.match(description, /^succeeded (just now|\dm ago) · Shot 1 of a harbour/);
      assert.doesNotMatch(description, /expires in/, 'downloaded: no countdown');
      // an earlier test clicked this row: if it had finished by then, the click folded it
      if ((await shot1.getAttribute('aria-expanded')) === 'false') {
        await shot1.locator('.monaco-tl-twistie').click();
      }
      await page.locator('.part.sidebar .monaco-list-row', { hasText: 'shot-1-' }).first().waitFor();
      const artifact = page.locator('.part.sidebar .monaco-list-row', { hasText: /video\s*shot-1-/ }).first();
      await artifact.waitFor({ timeout: UI_WAIT });
      await shot1.hover();
      const hover = page.locator('.monaco-hover', { hasText: 'Shot 1 of a harbour at dawn' });
      await hover.waitFor({ timeout: UI_WAIT });
      const text = (await hover.textContent()) ?? '';
      assert.match(text, /Submitted: today \d\d:\d\d/);
      assert.match(text, /model ltx-2-3-fast/);
      assert.doesNotMatch(text, /\d{4}-\d\d-\d\dT\d\d:/, 'no UTC ISO strings');
      await shot(page, 'first-hour-row-tooltip');
      await page.mouse.move(900, 500);
    }));

  test('a submit whose answer is lost is listed as "submit interrupted — may have been billed"; Dismiss removes it', () =>
    shotOnFailure(page, 'first-hour-interrupted', async () => {
      const { sim } = session.simulator;
      const made = sim.jobs.list('ltx').length;
      // the job is made, then the connection drops before the answer: the id never arrives
      sim.addFault({ type: 'reset', after: true, where: { api: 'ltx', op: 'submit' } });
      await openFile(page, 'ui-lost-answer.ltx.json');
      await runCommand(page, 'LTX Jobs: Submit Job from JSON File');
      await openJobsView(page);
      const lost = row('ui-lost-answer');
      await lost
        .locator('.label-description', { hasText: 'submit interrupted — may have been billed' })
        .waitFor({ timeout: UI_WAIT });
      assert.equal(sim.jobs.list('ltx').length, made + 1, 'the provider did make (and bill) a job');
      await shot(page, 'first-hour-interrupted');
      await lost.hover();
      await lost.locator('.actions .action-label[aria-label="Dismiss Interrupted Submit"]').click();
      const box = dialog(page);
      await box.waitFor({ timeout: UI_WAIT });
      await box.locator('.monaco-button', { hasText: /^Dismiss$/ }).click();
      await lost.waitFor({ state: 'detached', timeout: UI_WAIT });
    }));

  test('the Jobs view scales: group by request file, filter by state, multi-select Remove, Clear Finished', () =>
    shotOnFailure(page, 'first-hour-7', async () => {
      await runCommand(page, 'LTX Jobs: Group By');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Request File' }).first().click();
      await row('shot-2.ltx.json').waitFor({ timeout: UI_WAIT });
      await shot(page, 'first-hour-grouped');
      await runCommand(page, 'LTX Jobs: Group By');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'No Grouping' }).first().click();
      await row('shot-2.ltx.json').waitFor({ state: 'detached', timeout: UI_WAIT });

      await runCommand(page, 'LTX Jobs: Filter by State');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'running' }).first().click();
      await page.keyboard.press('Enter');
      await page.locator('.part.sidebar', { hasText: 'Only running jobs' }).waitFor({ timeout: UI_WAIT });
      assert.equal(await row('shot-1').count(), 0, 'finished jobs are hidden');
      await shot(page, 'first-hour-filtered');
      await jobsTitleButton(page, 'Clear Filter').click();
      await row('shot-1').waitFor({ timeout: UI_WAIT });

      await row('shot-1').click();
      await row('shot-2').click({ modifiers: ['Control'] });
      await runMenuItem(page, row('shot-2'), 'Remove from List');
      await row('shot-2').waitFor({ state: 'detached', timeout: UI_WAIT });
      assert.equal(await row('shot-1').count(), 0, 'both selected rows are gone');
      await row('shot-3').waitFor();

      await page
        .locator('.part.sidebar .title-actions .action-label[aria-label^="Views and More Actions"]')
        .click();
      await page.locator('.context-view .monaco-menu').waitFor({ timeout: UI_WAIT });
      await clickMenuItem(page, 'Clear Finished');
      const box = dialog(page);
      await box.waitFor({ timeout: UI_WAIT });
      assert.match((await box.textContent()) ?? '', /Remove 1 finished job/);
      await box.locator('.monaco-button', { hasText: 'Clear Finished' }).click();
      await row('shot-3').waitFor({ state: 'detached', timeout: UI_WAIT });
      // the job still running stays
      assert.equal(await page.locator('.part.sidebar .monaco-list-row').count(), 1);
      await row('ui-revoked').waitFor();
      await shot(page, 'first-hour-cleared');
    }));
});
