// `pnpm dev:vscode` (scripts/dev-vscode.mjs): starts the simulator and code-server with the extension,
// prints what a newcomer needs, serves the workbench, and stops everything on Ctrl-C.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CODE_SERVER_PREFIX, REPO_ROOT } from './env.mjs';
import { assertExtensionBuilt } from './session.mjs';

const work = mkdtempSync(join(tmpdir(), 'ltx-dev-vscode-'));
after(() => rmSync(work, { recursive: true, force: true }));

test('dev:vscode serves the workbench with the extension and stops on SIGINT', async () => {
  assertExtensionBuilt();
  const child = spawn(process.execPath, [join(REPO_ROOT, 'scripts', 'dev-vscode.mjs')], {
    cwd: REPO_ROOT,
    // its own work dir (a developer may be running it too), the already installed code-server
    env: { ...process.env, LTX_E2E_WORK: work, LTX_E2E_CODE_SERVER_PREFIX: CODE_SERVER_PREFIX },
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
  try {
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`dev:vscode did not get ready:\n${out}`)), 90_000);
      const check = () => {
        if (out.includes('Ctrl-C stops')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout.on('data', check);
      child.once('exit', () => reject(new Error(`dev:vscode exited early:\n${out}`)));
    });
    const url = /Open:\s+(\S+)/.exec(out)?.[1];
    assert.ok(url, `an "Open:" URL in\n${out}`);
    assert.match(url, /extensionDevelopmentPath/);
    assert.match(out, /sim-ltx-key/, 'the simulator key to paste into "Set API Key"');
    const page = await fetch(url);
    assert.equal(page.status, 200, 'the workbench page is served');
    assert.match(await page.text(), /workbench/i);
    const simulator = /Simulator:\s+(\S+)/.exec(out)?.[1];
    child.kill('SIGINT');
    const { code } = await exited;
    assert.equal(code, 0, out);
    await assert.rejects(fetch(new URL('healthz', url)), 'code-server is stopped');
    await assert.rejects(fetch(`${simulator}/ltx/v2/text-to-video/x`), 'the simulator is stopped');
  } finally {
    child.kill('SIGKILL');
  }
});
