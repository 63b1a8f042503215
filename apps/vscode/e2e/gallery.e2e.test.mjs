// Gallery, takes and preview with sound, in code-server's workbench (playwright-core + Chromium).
// Screenshots go to <repo>/.e2e/shots/gallery-*.png.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCommand, toast, waitForWorkbench } from './browser.mjs';
import { REPO_ROOT, SHOTS_DIR } from './env.mjs';
import { assertExtensionBuilt, openSession } from './session.mjs';
import { packageVsix } from './vsix.mjs';
import {
  eventually,
  explorerRow,
  openContextMenu,
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

/** The gallery's page inside its webview (VS Code nests the page in two iframes). */
function gallery(page) {
  return page.frameLocator('iframe.webview[src*="ltx-jobs-vscode"]').frameLocator('#active-frame');
}

/** Files under `dir` (recursively) whose name matches `pattern`, as absolute paths. */
function filesIn(dir, pattern) {
  let names = [];
  try {
    names = readdirSync(dir, { recursive: true }).map(String);
  } catch {
    return [];
  }
  return names.filter((n) => pattern.test(n)).map((n) => join(dir, n));
}

/** Submits a workspace request file from the palette and waits for its "finished" toast. */
async function submitAndWait(page, fileName, jobName) {
  await openFile(page, fileName);
  await runCommand(page, 'LTX Jobs: Submit Job from JSON File');
  await toast(page, `LTX job "${jobName}" finished`).waitFor({ timeout: UI_WAIT });
}

/** The card whose name is `name`. */
function card(frame, name) {
  return frame.locator('.card', { has: frame.locator('.name', { hasText: new RegExp(`^${name}$`) }) });
}

describe('gallery, takes and preview with sound (ffmpeg on PATH)', () => {
  let session;
  let page;
  before(async () => {
    session = await openSession('gallery', { vsix });
    page = session.page;
    mkdirSync(join(session.workspace, 'frames'), { recursive: true });
    copyFileSync(
      join(REPO_ROOT, 'examples', 'frames', 'first.png'),
      join(session.workspace, 'frames', 'first.png'),
    );
    await page.goto(`${session.server.url}?folder=${encodeURIComponent(session.workspace)}`);
    await waitForWorkbench(page);
    await openJobsView(page);
    await setKeyFromPalette(page, 'LTX', session.simulator.ltxApiKey);
    await submitAndWait(page, 'gallery-dawn.ltx.json', 'gallery-dawn');
    await submitAndWait(page, 'gallery-dusk.ltx.json', 'gallery-dusk');
    await eventually(
      'two MP4s in ltx-output',
      () => filesIn(join(session.workspace, 'ltx-output'), /\.mp4$/).length === 2,
    );
  });
  after(async () => {
    if (page) await shot(page, `gallery-end-${session?.name}`).catch(() => undefined);
    await session?.close();
  });

  test('Open Gallery from the Jobs view title: a card per result with poster, name, prompt, model, size, length, age', async () => {
    await openJobsView(page);
    // the view's title bar (a single view shows its actions in the side bar's title)
    await page.locator('.part.sidebar .action-label[aria-label="Open Gallery"]:visible').first().click();
    const frame = gallery(page);
    await card(frame, 'gallery-dawn').waitFor({ timeout: UI_WAIT });
    await card(frame, 'gallery-dusk').waitFor({ timeout: UI_WAIT });
    assert.equal(await frame.locator('.card').count(), 2);
    const dawn = card(frame, 'gallery-dawn');
    assert.match(await dawn.locator('.prompt').textContent(), /Fishing boats leave the harbour/);
    // model, the file's own size and length (read from the MP4 once the card is drawn: until then the
    // request's), and the estimate the submit recorded (when priced)
    const meta = await eventually('the card to show the MP4’s own size and length', async () => {
      const text = (await dawn.locator('.meta').textContent()) ?? '';
      return /^ltx-2-3-fast · 640x360 · 3 s( · ≈ \$\d+\.\d+)?$/.test(text) && text;
    }).catch(async (error) => {
      throw new Error(`${error.message}; it reads "${await dawn.locator('.meta').textContent()}"`);
    });
    assert.ok(meta);
    assert.match(await dawn.locator('.age').textContent(), /^(just now|\d+m ago)$/);
    // ffmpeg is on PATH: the poster is a frame it extracted into the preview cache
    await dawn.locator('.media img.poster').waitFor({ timeout: UI_WAIT });
    assert.match(
      await dawn.locator('.media img.poster').getAttribute('src'),
      /previews\/[0-9a-f]+\/poster\.jpg/,
    );
    assert.equal(await frame.locator('#count').textContent(), '2 results');
    await shot(page, 'gallery-dark');
  });

  test('play a card inline: it plays the sound copy (MP3 audio, video copied), not the AAC file', async () => {
    const frame = gallery(page);
    const dawn = card(frame, 'gallery-dawn');
    await dawn.locator('.play').click();
    const player = dawn.locator('video.player');
    await player.waitFor({ timeout: UI_WAIT });
    const src = await player.getAttribute('src');
    assert.match(src, /\/previews\/[0-9a-f]+\/gallery-dawn[^/]*\.mp4$/, `plays the sound copy: ${src}`);
    await eventually('the video to play', () => player.evaluate((v) => v.currentTime > 0.3 && !v.paused));
    await shot(page, 'gallery-playing');
    await player.evaluate((v) => v.pause());
  });

  test('favourite one: the star sticks, and favourites.json beside the ledger holds it', async () => {
    const frame = gallery(page);
    const fav = card(frame, 'gallery-dusk').locator('.fav');
    await fav.click();
    await eventually('the star', async () => (await fav.getAttribute('aria-pressed')) === 'true');
    const stored = await eventually('favourites.json', () => {
      const [file] = filesIn(join(session.profile.userDataDir, 'User', 'globalStorage'), /favourites\.json$/);
      return file && JSON.parse(readFileSync(file, 'utf8')).favourites;
    });
    assert.equal(stored.length, 1);
    assert.match(stored[0], /^ltx:text-to-video\/.+#video_url$/);
  });

  test('filter by favourite and by model; clearing the filters shows both again', async () => {
    const frame = gallery(page);
    await frame.locator('#favourites').check();
    await eventually('one favourite', async () => (await frame.locator('.card').count()) === 1);
    assert.equal(await frame.locator('.card .name').textContent(), 'gallery-dusk');
    assert.equal(await frame.locator('#count').textContent(), '1 of 2 results');
    await shot(page, 'gallery-favourites');
    await frame.locator('#favourites').uncheck();
    await frame.locator('#model').selectOption('ltx-2-3-fast');
    await eventually('the fast model only', async () => (await frame.locator('.card').count()) === 1);
    assert.equal(await frame.locator('.card .name').textContent(), 'gallery-dawn');
    await frame.locator('#state').selectOption('failed');
    await frame
      .locator('#empty', { hasText: 'No result matches these filters.' })
      .waitFor({ timeout: UI_WAIT });
    await shot(page, 'gallery-filtered');
    await frame.locator('#state').selectOption('all');
    await frame.locator('#model').selectOption('all');
    await eventually('both again', async () => (await frame.locator('.card').count()) === 2);
  });

  test('compare two, keyboard only: Space selects, C compares, Space plays and pauses, arrows seek, all in step', async () => {
    const frame = gallery(page);
    await frame.locator('.card').first().focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Space');
    assert.equal(await frame.locator('#compare').textContent(), 'Compare (2)');
    await page.keyboard.press('c');
    try {
      await compareInStep(frame.locator('#compare-view video'));
    } finally {
      // leave the gallery usable for the next tests even when a check failed
      if (await frame.locator('#compare-view').isVisible()) await page.keyboard.press('Escape');
    }
    await frame.locator('#compare-view').waitFor({ state: 'hidden', timeout: UI_WAIT });
  });

  /** Plays, pauses and seeks the open Compare view with the keyboard; both videos stay in step. */
  async function compareInStep(videos) {
    await eventually('two videos side by side', async () => (await videos.count()) === 2);
    // with ffmpeg, Compare plays the sound copies: wait until both are in place and loaded
    const ready = (vs) => vs.every((v) => v.src.includes('/previews/') && v.readyState >= 2);
    await eventually('both sound copies loaded', async () => (await videos.evaluateAll(ready)) === true);
    await page.keyboard.press('Space');
    const playing = (vs) => vs.every((v) => !v.paused && v.currentTime > 0.8);
    await eventually('both playing', async () => (await videos.evaluateAll(playing)) === true);
    await shot(page, 'gallery-compare');
    await page.keyboard.press('Space');
    const paused = await videos.evaluateAll((vs) => vs.map((v) => ({ paused: v.paused, t: v.currentTime })));
    assert.ok(
      paused.every((v) => v.paused),
      'both paused',
    );
    assert.ok(Math.abs(paused[0].t - paused[1].t) < 0.2, `in step when paused: ${JSON.stringify(paused)}`);
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    const seeked = await videos.evaluateAll((vs) => vs.map((v) => v.currentTime));
    assert.deepEqual(
      seeked.map((t) => Math.round(t * 10) / 10),
      [2, 2],
      `seeked together: ${seeked}`,
    );
  }

  test('Extend… from a card: a prefilled request file beside the source, submitted, nested under its source', async () => {
    const frame = gallery(page);
    await card(frame, 'gallery-dawn').locator('.takes').click();
    const pick = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Extend…' });
    await pick.waitFor({ timeout: UI_WAIT });
    await shot(page, 'gallery-takes-menu');
    await pick.click();
    await page
      .locator('.tabs-container .tab', { hasText: /gallery-dawn-.*-extend\.ltx\.json/ })
      .waitFor({ timeout: UI_WAIT });
    // the prompt is selected: typing replaces it
    await page.keyboard.type('The boats sail out past the lighthouse');
    await page.keyboard.press('Control+S');
    const [takeFile] = filesIn(join(session.workspace, 'ltx-output'), /-extend\.ltx\.json$/);
    assert.ok(takeFile, 'the take request file is beside its source in ltx-output');
    const take = JSON.parse(readFileSync(takeFile, 'utf8'));
    assert.equal(take.endpoint, 'extend');
    assert.match(take.request.video_uri, /^\.\/gallery-dawn-.*\.mp4$/);
    await eventually(
      'the saved prompt',
      () =>
        JSON.parse(readFileSync(takeFile, 'utf8')).request.prompt ===
        'The boats sail out past the lighthouse',
    );
    await shot(page, 'gallery-extend-request');
    await runCommand(page, 'LTX Jobs: Submit Job from JSON File');
    await toast(page, 'LTX job "gallery-dawn-extend" finished').waitFor({ timeout: UI_WAIT });
    const pane = await openJobsView(page);
    const row = pane.locator('.monaco-list-row', { hasText: 'gallery-dawn-extend' }).first();
    await row.waitFor({ timeout: UI_WAIT });
    assert.equal(await row.getAttribute('aria-level'), '2', 'the take is one level below its source');
    const source = pane.locator('.monaco-list-row[aria-level="1"]', { hasText: 'gallery-dawn' }).first();
    await source.waitFor({ timeout: UI_WAIT });
    await shot(page, 'gallery-take-nested');
    const provenance = await eventually('the take’s provenance', () => {
      const [file] = filesIn(join(session.workspace, 'ltx-output'), /\.ltx-job\.json$/).filter((f) =>
        readFileSync(f, 'utf8').includes('"endpoint": "extend"'),
      );
      return file && JSON.parse(readFileSync(file, 'utf8'));
    });
    assert.match(provenance.takeOf.ref, /^ltx:text-to-video\//);
    assert.equal(provenance.chain.length, 1);
    assert.match(provenance.chain[0].file, /gallery-dawn-.*\.mp4$/);
  });

  test('the gallery groups the take right after its source and says what it is a take of', async () => {
    await runCommand(page, 'LTX Jobs: Open Gallery');
    const frame = gallery(page);
    const takeCard = card(frame, 'gallery-dawn-extend');
    await takeCard.waitFor({ timeout: UI_WAIT });
    assert.equal(await takeCard.locator('.takeof').textContent(), '↳ take of gallery-dawn (extend)');
    const names = await frame.locator('.card .name').allTextContents();
    assert.equal(names.indexOf('gallery-dawn-extend'), names.indexOf('gallery-dawn') + 1, names.join(', '));
    await shot(page, 'gallery-grouped');
  });

  test('Animate with LTX on frames/first.png (explorer): the MP4 it ends with has provenance naming the PNG', async () => {
    const png = await explorerRow(page, 'frames/first.png');
    const menu = await openContextMenu(page, png);
    const item = menu.locator('.action-label', { hasText: 'Animate with LTX' });
    await item.waitFor({ timeout: UI_WAIT });
    await shot(page, 'gallery-animate-menu');
    await item.click();
    await page
      .locator('.tabs-container .tab', { hasText: 'first-animate.ltx.json' })
      .waitFor({ timeout: UI_WAIT });
    await page.keyboard.type('The tide rolls in over the rocks');
    await page.keyboard.press('Control+S');
    await runCommand(page, 'LTX Jobs: Submit Job from JSON File');
    await toast(page, 'LTX job "first-animate" finished').waitFor({ timeout: UI_WAIT });
    const png0 = join(session.workspace, 'frames', 'first.png');
    const provenance = await eventually('the animation’s provenance', () => {
      const [file] = filesIn(join(session.workspace, 'ltx-output'), /first-animate.*\.mp4\.ltx-job\.json$/);
      return file && JSON.parse(readFileSync(file, 'utf8'));
    });
    assert.equal(provenance.endpoint, 'image-to-video');
    assert.deepEqual(provenance.takeOf, { file: png0, field: 'image_uri', chain: [] });
    assert.deepEqual(provenance.chain, [{ file: png0 }]);
    const mp4 = provenance.artifact.path;
    assert.equal(readFileSync(mp4).subarray(4, 8).toString('latin1'), 'ftyp');
  });

  test('light theme: the gallery follows the workbench colours', async () => {
    const settingsFile = join(session.profile.userDataDir, 'User', 'settings.json');
    const settings = JSON.parse(readFileSync(settingsFile, 'utf8'));
    writeFileSync(
      settingsFile,
      JSON.stringify({ ...settings, 'workbench.colorTheme': 'Default Light Modern' }),
    );
    await page.locator('.monaco-workbench.vs').waitFor({ timeout: UI_WAIT });
    await runCommand(page, 'LTX Jobs: Open Gallery');
    const frame = gallery(page);
    await frame.locator('body.vscode-light').waitFor({ timeout: UI_WAIT });
    await card(frame, 'gallery-dawn').waitFor({ timeout: UI_WAIT });
    await shot(page, 'gallery-light');
  });
});

describe('preview without ffmpeg', () => {
  let session;
  let page;
  before(async () => {
    // code-server (and its extension host) get a PATH with node and nothing else: no ffmpeg.
    const bin = join(process.env.LTX_E2E_WORK || join(REPO_ROOT, '.e2e'), 'runs', 'gallery-no-ffmpeg-bin');
    mkdirSync(bin, { recursive: true });
    try {
      symlinkSync(process.execPath, join(bin, 'node'));
    } catch {
      // there from an earlier run
    }
    // VSCODE_CLI=1: the server skips resolving the login shell's environment for the extension host
    // (which would bring the full PATH back).
    session = await openSession('gallery-no-ffmpeg', { vsix, serverEnv: { PATH: bin, VSCODE_CLI: '1' } });
    page = session.page;
    await page.goto(`${session.server.url}?folder=${encodeURIComponent(session.workspace)}`);
    await waitForWorkbench(page);
    await openJobsView(page);
    await setKeyFromPalette(page, 'LTX', session.simulator.ltxApiKey);
    await submitAndWait(page, 'gallery-dawn.ltx.json', 'gallery-dawn');
  });
  after(async () => {
    if (page) await shot(page, `gallery-end-${session?.name}`).catch(() => undefined);
    await session?.close();
  });

  test('an AAC result is marked silent; playing it says so once and offers Open in System Player', async () => {
    await runCommand(page, 'LTX Jobs: Open Gallery');
    const frame = gallery(page);
    const dawn = card(frame, 'gallery-dawn');
    await dawn.locator('.badge', { hasText: 'silent here' }).waitFor({ timeout: UI_WAIT });
    await frame
      .locator('#notice', { hasText: 'AAC audio, which VS Code cannot play' })
      .waitFor({ timeout: UI_WAIT });
    assert.ok(await dawn.locator('.system').isVisible(), 'the card offers Open in System Player');
    // without ffmpeg the poster is the video element's own first frame
    assert.equal(await dawn.locator('.media video.poster').count(), 1);
    await dawn.locator('.play').click();
    const player = dawn.locator('video.player');
    await player.waitFor({ timeout: UI_WAIT });
    assert.doesNotMatch(await player.getAttribute('src'), /previews/, 'the file itself plays');
    const message = page.locator('.notifications-toasts .notification-toast', {
      hasText: 'plays without sound',
    });
    await message.waitFor({ timeout: UI_WAIT });
    assert.match(await message.textContent(), /has AAC audio, which VS Code's player cannot decode/);
    const buttons = (await message.locator('.monaco-button').allTextContents()).map((b) => b.trim());
    assert.deepEqual(buttons, ['Open in System Player', 'Set ffmpeg Path']);
    await shot(page, 'gallery-no-ffmpeg');
  });
});
