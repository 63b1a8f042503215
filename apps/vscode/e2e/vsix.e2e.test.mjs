// The packaged .vsix installs cleanly into code-server (the real VS Code 1.100 server) with its own
// CLI, as a user would install it: exit 0, listed with its version, its four bundled scripts (dist/extension.js loads dist/runner.js after
// activation, dist/features.js on first use and dist/team.js only with ltxJobs.queue.url set, see build.mjs), no node_modules.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { freshProfile, installVsix } from './code-server.mjs';
import { ensureCodeServer } from './ensure-code-server.mjs';
import { EXT_DIR, WORK_DIR } from './env.mjs';
import { packageVsix } from './vsix.mjs';

const pkg = JSON.parse(readFileSync(join(EXT_DIR, 'package.json'), 'utf8'));
const id = `${pkg.publisher}.${pkg.name}`;
let cs;
let vsix;
let runDir;

before(async () => {
  cs = await ensureCodeServer();
  vsix = process.env.LTX_E2E_VSIX || (await packageVsix());
  runDir = mkdtempSync(join(WORK_DIR, 'vsix-install-'));
});
after(() => {
  if (runDir) rmSync(runDir, { recursive: true, force: true });
});

test(`code-server --install-extension installs ${id} with its four bundled scripts and no node_modules`, () => {
  const profile = freshProfile(runDir);
  installVsix({ bin: cs.bin, env: cs.env, ...profile, vsix }); // throws with code-server's output on failure
  const list = spawnSync(
    cs.bin,
    [
      '--user-data-dir',
      profile.userDataDir,
      '--extensions-dir',
      profile.extensionsDir,
      '--list-extensions',
      '--show-versions',
    ],
    { encoding: 'utf8', env: { ...process.env, ...cs.env }, timeout: 120_000 },
  );
  assert.equal(list.status, 0, list.stderr);
  assert.match(list.stdout, new RegExp(`^${id.replace('.', '\\.')}@${pkg.version}$`, 'm'));

  const installed = join(profile.extensionsDir, `${id}-${pkg.version}`);
  assert.ok(existsSync(join(installed, 'package.json')), `${installed}/package.json`);
  const files = readdirSync(installed, { recursive: true }).map(String);
  // four bundled scripts for the extension host (main, the runner it loads after activation, the
  // features it loads on first use, the team queue it loads only when ltxJobs.queue.url is set); the
  // gallery webview's own scripts are page assets
  assert.deepEqual(
    files.filter((f) => f.endsWith('.js')).sort(),
    [
      'dist/extension.js',
      'dist/features.js',
      'dist/runner.js',
      'dist/team.js',
      'media/gallery/gallery-card.js',
      'media/gallery/gallery-compare.js',
      'media/gallery/gallery.js',
    ],
    'the four bundled extension scripts, plus the gallery page scripts',
  );
  assert.ok(!files.some((f) => f.split('/').includes('node_modules')), 'no node_modules');
  assert.ok(files.includes('schemas/ltx-request.editor.schema.json'), 'the request-file JSON Schema ships');
  const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
  assert.equal(manifest.engines.vscode, '^1.100.0', 'admits VS Code 1.100 (this code-server)');
});
