// UI tests of the editor help for request files, as a user meets it: a new folder, files without a
// `$schema` line, the packaged extension in code-server's workbench, driven in Chromium.
// Screenshots go to <repo>/.e2e/shots/editor-*.png.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCommand, toast, waitForWorkbench } from './browser.mjs';
import { SHOTS_DIR } from './env.mjs';
import { assertExtensionBuilt, openSession } from './session.mjs';
import { packageVsix } from './vsix.mjs';
import { openFile, setKeyFromPalette, UI_WAIT, shot as workbenchShot } from './workbench.mjs';

const request = (fields) =>
  `${JSON.stringify({ provider: 'ltx', endpoint: 'text-to-video', request: { prompt: 'a heron at dawn', ...fields } }, null, 2)}\n`;

/** The files of the new folder, none with `$schema`. */
const FILES = {
  'removed-model.ltx.json': request({ model: 'ltx-2-fast', resolution: '1920x1080', duration: 6 }),
  'pick-a-model.ltx.json': request({ model: '', resolution: '1280x720', duration: 4 }),
  'too-long.ltx.json': request({ model: 'ltx-2-3-pro', resolution: '1920x1080', duration: 12 }),
  'camera-on-fast.ltx.json': request({
    model: 'ltx-2-3-fast',
    resolution: '1920x1080',
    duration: 6,
    camera_motion: 'static',
  }),
};

const shot = (page, name) => workbenchShot(page, `editor-${name}`);

/** Puts the cursor at 1-based `line`:`column` with Go to Line. */
async function goTo(page, line, column) {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden' });
}

/** 1-based line and column just inside the value of `"key": ` in `text`. */
function valueAt(text, key, inside = 1) {
  const offset = text.indexOf(`"${key}": `) + key.length + 4 + inside;
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before.at(-1).length + 1 };
}

describe('request files in a new folder, without $schema', () => {
  let session;
  let page;
  let folder;
  before(async () => {
    assertExtensionBuilt();
    mkdirSync(SHOTS_DIR, { recursive: true });
    const vsix = process.env.LTX_E2E_VSIX || (await packageVsix());
    session = await openSession('editor', { vsix });
    folder = join(session.workspace, 'brand-new', 'clips');
    mkdirSync(folder, { recursive: true });
    for (const [name, text] of Object.entries(FILES)) writeFileSync(join(folder, name), text);
    page = session.page;
    await page.goto(`${session.server.url}?folder=${encodeURIComponent(session.workspace)}`);
    await waitForWorkbench(page);
  });
  after(async () => {
    await session?.close();
  });

  test('completions offer the LTX-2.5 models for the endpoint', async () => {
    await openFile(page, 'pick-a-model.ltx.json');
    const at = valueAt(FILES['pick-a-model.ltx.json'], 'model');
    await goTo(page, at.line, at.column);
    await page.keyboard.press('Control+Space');
    const widget = page.locator('.editor-widget.suggest-widget');
    await widget.locator('.monaco-list-row', { hasText: 'ltx-2-5-fast' }).waitFor({ timeout: UI_WAIT });
    await widget.locator('.monaco-list-row', { hasText: 'ltx-2-5-pro' }).waitFor({ timeout: UI_WAIT });
    await shot(page, 'completions');
    const rows = await widget.locator('.monaco-list-row .label-name').allTextContents();
    assert.equal(rows[0]?.trim(), 'ltx-2-5-fast', `first suggestion; got ${JSON.stringify(rows)}`);
    await page.keyboard.press('Enter');
    await page
      .locator('.monaco-editor .view-line', { hasText: '"model": "ltx-2-5-fast"' })
      .waitFor({ timeout: UI_WAIT });
    await page.keyboard.press('Control+S');
    const saved = () =>
      readFileSync(join(folder, 'pick-a-model.ltx.json'), 'utf8').includes('"model": "ltx-2-5-fast"');
    for (const until = Date.now() + UI_WAIT; !saved() && Date.now() < until; ) await page.waitForTimeout(100);
    assert.ok(saved(), 'the chosen model is saved in the file');
  });

  test('an impossible duration for the model gets one squiggle and one problem', async () => {
    await openFile(page, 'too-long.ltx.json');
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: UI_WAIT });
    const at = valueAt(FILES['too-long.ltx.json'], 'duration', 0);
    await goTo(page, at.line, at.column);
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    const hover = page.locator('.monaco-hover', { hasText: 'ltx-2-3-pro renders 2, 3, 4, 5, 6, 8, 10 s' });
    await hover.first().waitFor({ timeout: UI_WAIT });
    await shot(page, 'duration-squiggle');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Shift+M');
    const rows = page.locator('.markers-panel .monaco-list-row');
    await rows.filter({ hasText: 'ltx-2-3-pro renders' }).first().waitFor({ timeout: UI_WAIT });
    // One problem per mistake: ours, and no second (JSON schema) warning for the same value.
    const texts = (await rows.allTextContents()).filter((t) => !t.includes('.ltx.json'));
    const durationProblems = texts.filter((t) => /duration|12/.test(t));
    assert.equal(durationProblems.length, 1, JSON.stringify(texts));
    await shot(page, 'duration-problems');
  });

  test('a removed model offers the quick fix "Use ltx-2-3-fast", which fixes the file', async () => {
    await openFile(page, 'removed-model.ltx.json');
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: UI_WAIT });
    const at = valueAt(FILES['removed-model.ltx.json'], 'model', 2);
    await goTo(page, at.line, at.column);
    await page.keyboard.press('Control+.');
    const fix = page.locator('.action-widget .monaco-list-row', { hasText: 'Use ltx-2-3-fast' });
    await fix
      .first()
      .waitFor({ timeout: UI_WAIT })
      .catch(async (error) => {
        await shot(page, 'quick-fix-missing');
        throw error;
      });
    await shot(page, 'quick-fix');
    // The fix is the focused row of the action widget: Enter applies it, as a keyboard user does.
    await page.keyboard.press('Enter');
    await page
      .locator('.monaco-editor .view-line', { hasText: '"model": "ltx-2-3-fast"' })
      .waitFor({ timeout: UI_WAIT });
    await page
      .locator('.monaco-editor .squiggly-error')
      .first()
      .waitFor({ state: 'detached', timeout: UI_WAIT });
    await shot(page, 'quick-fix-applied');
  });

  test('a warning from the core (an unconfirmed feature) shows in the editor and in the submit notification', async () => {
    await setKeyFromPalette(page, 'LTX', session.simulator.ltxApiKey);
    await openFile(page, 'camera-on-fast.ltx.json');
    await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ timeout: UI_WAIT });
    assert.equal(await page.locator('.monaco-editor .squiggly-error').count(), 0, 'a warning, not an error');
    await runCommand(page, 'LTX Jobs: Submit Job from JSON File');
    const note = toast(page, 'submitted with a warning: camera_motion on ltx-2-3-fast is unconfirmed');
    await note.first().waitFor({ timeout: UI_WAIT });
    await shot(page, 'submit-warning');
    assert.equal(session.simulator.sim.submitCount('ltx'), 1, 'the request was sent');
  });
});
