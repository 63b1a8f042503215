// UI tests of the team queue (issue 14): the packaged extension in code-server with
// `ltxJobs.queue.url` set, a private redis-server with a password (scripts/ensure-redis.mjs installs
// it when missing), the simulator, and a built `ltx-jobs worker --queue … --out <shared dir>` process.
// The password is refused until Set Team Queue Password stores it; a request file submitted from the
// editor is put in the team queue, shows "by alice@<host>", reaches succeeded with its MP4 in the
// shared folder; the same file again is refused team-wide; a job `ltx-jobs submit --queue` enqueues as
// another process (bob) shows too. Screenshots go to <repo>/.e2e/shots/team-*.png.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openTeam } from '@ltx-jobs/queue';
import { startRedisServer } from '../../../scripts/ensure-redis.mjs';
import { runCommand, statusBar, toast, waitForWorkbench } from './browser.mjs';
import { EXT_DIR, SHOTS_DIR } from './env.mjs';
import { assertExtensionBuilt, openSession } from './session.mjs';
import { packageVsix } from './vsix.mjs';
import {
  dialog,
  focusedText,
  notificationShown,
  openFile,
  openJobsView,
  shot,
  shotOnFailure,
  UI_WAIT,
} from './workbench.mjs';

const CLI = join(EXT_DIR, '..', 'cli', 'dist', 'cli.js');
const PASSWORD = 'team-e2e-pw';
const HOST = hostname();

/** A request file of this test (unique prompts: the team refuses the same input twice). */
function requestFile(dir, name, prompt) {
  const path = join(dir, `${name}.ltx.json`);
  const body = {
    provider: 'ltx',
    endpoint: 'text-to-video',
    name,
    request: { prompt, model: 'ltx-2-3-fast', duration: 6, resolution: '1920x1080' },
  };
  writeFileSync(path, `${JSON.stringify(body, null, 2)}\n`);
  return path;
}

/** Drags the side bar's right edge to `x`, so the rows' descriptions ("… · by bob@host") show whole. */
async function widenSidebar(page, x) {
  const box = await page.locator('.part.sidebar').boundingBox();
  if (box === null) return;
  const edge = box.x + box.width;
  await page.mouse.move(edge, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(x, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
}

/** A request file with two takes of one request (`"variations": {"count": 2}`). */
function writeTakes(path) {
  const body = {
    provider: 'ltx',
    endpoint: 'text-to-video',
    name: 'team-takes',
    request: {
      prompt: 'two takes of a river, team queue',
      model: 'ltx-2-3-fast',
      duration: 6,
      resolution: '1920x1080',
    },
    variations: { count: 2 },
  };
  writeFileSync(path, `${JSON.stringify(body, null, 2)}\n`);
}

let vsix;
before(async () => {
  assertExtensionBuilt();
  if (!existsSync(CLI)) {
    const built = spawnSync('pnpm', ['--filter', '@ltx-jobs/cli', 'build'], {
      stdio: 'inherit',
      timeout: 300_000,
    });
    assert.equal(built.status, 0, `${CLI} is missing and could not be built`);
  }
  mkdirSync(SHOTS_DIR, { recursive: true });
  vsix = process.env.LTX_E2E_VSIX || (await packageVsix());
});

describe('the team queue in the workbench', () => {
  let redis;
  let session;
  let page;
  let worker;
  let shared;
  let queueUrl;
  const row = (text) => page.locator('.part.sidebar .monaco-list-row', { hasText: text }).first();
  const description = (text, wanted) =>
    row(text).locator('.label-description', { hasText: wanted }).waitFor({ timeout: UI_WAIT });
  const cliEnv = () => ({
    ...process.env,
    LTX_API_KEY: session.simulator.ltxApiKey,
    LTX_API_BASE_URL: session.simulator.ltxBaseUrl,
  });

  before(async () => {
    redis = await startRedisServer();
    const admin = await openTeam(redis.url);
    await admin.redis.config('SET', 'requirepass', PASSWORD);
    await admin.close();
    const authed = new URL(redis.url);
    authed.username = 'default';
    authed.password = PASSWORD;
    queueUrl = authed.toString();
    session = await openSession('team', {
      vsix,
      // The URL without its password: the password goes through Set Team Queue Password.
      userSettings: { 'ltxJobs.queue.url': redis.url },
      serverEnv: { LTX_JOBS_USER: 'alice' },
    });
    shared = join(session.runDir, 'shared');
    // The request files are there before the window opens (Quick Open finds them at once).
    requestFile(join(session.workspace, 'requests'), 'team-harbour', 'a harbour at dawn, team queue e2e');
    writeTakes(join(session.workspace, 'requests', 'team-takes.ltx.json'));
    // Its output goes to the session's folder (worker.log), next to code-server's log.
    const log = openSync(join(session.runDir, 'worker.log'), 'a');
    worker = spawn(
      process.execPath,
      [CLI, 'worker', '--queue', queueUrl, '--out', shared, '--poll-interval', '0.2'],
      { env: cliEnv(), stdio: ['ignore', log, log] },
    );
    closeSync(log);
    page = session.page;
    await page.goto(`${session.server.url}?folder=${encodeURIComponent(session.workspace)}`);
    await waitForWorkbench(page);
    await openJobsView(page);
  });
  after(async () => {
    if (worker && worker.exitCode === null) {
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (worker.exitCode === null) worker.kill('SIGKILL');
    }
    await session?.close();
    await redis?.stop();
  });

  test('without its password the queue says to check the settings; Set Team Queue Password connects', () =>
    shotOnFailure(page, 'team-1', async () => {
      await statusBar(page)
        .locator('.statusbar-item', { hasText: 'Team queue: check settings' })
        .waitFor({ timeout: UI_WAIT });
      // The empty view speaks of the team queue, not of a missing API key (the workers have the key).
      const sidebar = page.locator('.part.sidebar');
      await sidebar.getByText('On the team queue', { exact: false }).first().waitFor({ timeout: UI_WAIT });
      assert.equal(await sidebar.getByText('No API key is set').count(), 0);
      await shot(page, 'team-welcome');
      await runCommand(page, 'LTX Jobs: Set Team Queue Password');
      const input = page.locator('.quick-input-widget input[type="password"]');
      await input.waitFor();
      await input.fill(PASSWORD);
      await page.keyboard.press('Enter');
      await toast(page, 'team queue password is stored').waitFor({ timeout: UI_WAIT });
      // The worker set the account's slots: "Team: LTX 0/2 slots".
      await statusBar(page)
        .locator('.statusbar-item', { hasText: 'Team: LTX 0/2 slots' })
        .waitFor({ timeout: UI_WAIT });
    }));

  test('a request file submitted from the editor goes to the team queue: "by alice@<host>", succeeded, its MP4 in the shared folder', () =>
    shotOnFailure(page, 'team-2', async () => {
      await openFile(page, 'team-harbour.ltx.json');
      await page
        .locator('.codelens-decoration', { hasText: 'Submit to Team Queue' })
        .first()
        .waitFor({ timeout: UI_WAIT });
      await runCommand(page, 'LTX Jobs: Submit Job from JSON File');
      await openJobsView(page);
      await description('team-harbour', `by alice@${HOST}`);
      await description('team-harbour', /^succeeded/);
      // Alice's own job: its end is told here (bob's, below, is only shown).
      await notificationShown(page, 'LTX team job "team-harbour" succeeded');
      const mp4s = readdirSync(shared).filter((f) => /^team-harbour.*\.mp4$/.test(f));
      assert.equal(mp4s.length, 1, `one MP4 in ${shared}: ${readdirSync(shared).join(', ')}`);
      // Its file, in the shared folder, below the row; a click opens it (the folder is reachable here).
      const file = page.locator('.part.sidebar .monaco-list-row', { hasText: mp4s[0] }).first();
      await file.waitFor({ timeout: UI_WAIT });
      const video = page.locator('.tabs-container .tab', { hasText: /team-harbour.*\.mp4/ }).first();
      // A click on a row the tree redraws at that moment can be dropped: click again (at most 5 times).
      for (let tries = 1; ; tries++) {
        await file.click();
        const opened = await video
          .waitFor({ timeout: 8_000 })
          .then(() => true)
          .catch(() => false);
        if (opened) break;
        if (tries >= 5) throw new Error(`${mp4s[0]} did not open after ${tries} clicks`);
      }
      // The video preview (a webview) would keep the keyboard (Quick Open, the palette): close it.
      await video.hover();
      await video.locator('.tab-actions .action-label').first().click();
      await video.waitFor({ state: 'detached', timeout: UI_WAIT });
      assert.equal(session.simulator.sim.submitCount('ltx'), 1, 'the worker submitted it once');
    }));

  test('the same file again is refused team-wide, naming the job and who holds it; the default bills nothing', () =>
    shotOnFailure(page, 'team-3', async () => {
      await openFile(page, 'team-harbour.ltx.json');
      await runCommand(page, 'LTX Jobs: Submit Job from JSON File');
      const box = dialog(page);
      await box.waitFor({ timeout: UI_WAIT });
      const text = (await box.textContent()) ?? '';
      assert.match(text, /already in the team queue as "team-harbour" \(job [0-9a-f]+, by alice@/);
      assert.equal(await focusedText(page), 'Show Earlier Job', 'Enter does not bill');
      await shot(page, 'team-duplicate');
      await page.keyboard.press('Escape');
      await box.waitFor({ state: 'detached', timeout: UI_WAIT });
      assert.equal(session.simulator.sim.submitCount('ltx'), 1, 'nothing more was submitted');
    }));

  test('a file with variations goes to the team queue as one team run: both takes succeed, `run status --queue` lists them', () =>
    shotOnFailure(page, 'team-5', async () => {
      await openFile(page, 'team-takes.ltx.json');
      await runCommand(page, 'LTX Jobs: Submit Job from JSON File');
      await openJobsView(page);
      for (const name of ['team-takes-v1', 'team-takes-v2']) {
        await description(name, `by alice@${HOST}`);
        await description(name, /^succeeded/);
      }
      const status = spawnSync(
        process.execPath,
        [CLI, 'run', 'status', '--queue', queueUrl, 'latest', '--json'],
        {
          env: cliEnv(),
          encoding: 'utf8',
          timeout: 60_000,
        },
      );
      assert.equal(status.status, 0, status.stderr);
      const document = JSON.parse(status.stdout);
      assert.equal(document.jobs.length, 2, status.stdout);
      assert.deepEqual(document.jobs.map((j) => j.name).sort(), ['team-takes-v1', 'team-takes-v2']);
    }));

  test('Generate Variations… on the team queue: the takes go to the team as one run, and nothing runs here', () =>
    shotOnFailure(page, 'team-6', async () => {
      requestFile(
        join(session.workspace, 'requests'),
        'team-gen',
        'three takes of a glacier, team queue e2e',
      );
      const posted = session.simulator.sim.submitCount('ltx');
      await openFile(page, 'team-gen.ltx.json');
      await runCommand(page, 'LTX Jobs: Generate Variations…');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ timeout: UI_WAIT });
      await input.fill('3');
      await page
        .locator('.quick-input-widget .quick-input-message', { hasText: '3 jobs' })
        .waitFor({ timeout: UI_WAIT });
      await page.keyboard.press('Enter');
      await openJobsView(page);
      for (const name of ['team-gen-v1', 'team-gen-v2', 'team-gen-v3']) {
        await description(name, `by alice@${HOST}`);
        await description(name, /^succeeded/);
      }
      // One toast for the run, not one per take.
      await notificationShown(page, 'LTX team run "team-gen ×3" finished: 3/3 succeeded');
      // The worker sent them, with its key: this window has none and sent nothing itself.
      assert.equal(session.simulator.sim.submitCount('ltx'), posted + 3);
      const status = spawnSync(
        process.execPath,
        [CLI, 'run', 'status', '--queue', queueUrl, 'latest', '--json'],
        { env: cliEnv(), encoding: 'utf8', timeout: 60_000 },
      );
      assert.equal(status.status, 0, status.stderr);
      assert.deepEqual(
        JSON.parse(status.stdout)
          .jobs.map((j) => j.name)
          .sort(),
        ['team-gen-v1', 'team-gen-v2', 'team-gen-v3'],
      );
    }));

  test('a job `ltx-jobs submit --queue` enqueues as another process shows in the tree, by bob', () =>
    shotOnFailure(page, 'team-4', async () => {
      const outside = join(session.runDir, 'outside');
      mkdirSync(outside, { recursive: true });
      const file = requestFile(outside, 'team-lighthouse', 'a lighthouse in fog, enqueued by the CLI');
      const cli = spawnSync(process.execPath, [CLI, 'submit', file, '--queue', queueUrl], {
        env: { ...cliEnv(), LTX_JOBS_USER: 'bob' },
        encoding: 'utf8',
        timeout: 60_000,
      });
      assert.equal(cli.status, 0, cli.stderr);
      await openJobsView(page);
      await description('team-lighthouse', `by bob@${HOST}`);
      await description('team-lighthouse', /^succeeded/);
      await description('team-harbour', `by alice@${HOST}`);
      await widenSidebar(page, 720);
      await page.mouse.move(1100, 600);
      await shot(page, 'team-tree');
      await row('team-lighthouse').hover();
      const hover = page.locator('.monaco-hover', { hasText: 'submitted by' });
      await hover.waitFor({ timeout: UI_WAIT });
      assert.match((await hover.textContent()) ?? '', /submitted by bob@/);
      await shot(page, 'team-tooltip');
      await page.mouse.move(900, 500);
    }));
});
