import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { SuiteConfig } from './config.js';
import type { TestCase } from './harness.js';
import { EXTENSION_ID, extensionApi, waitFor, workspaceFile } from './helpers.js';

/** Runs the built `ltx-jobs` CLI of this repository; resolves with its exit code, stdout and stderr. */
function runCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, 'the extension is installed');
  const cli = join(extension.extensionPath, '..', 'cli', 'dist', 'cli.js');
  assert.ok(existsSync(cli), `${cli} is built (pnpm build)`);
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cli, ...args],
      { env: { ...process.env, ...env }, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/**
 * Issue 13: a job the CLI (the same core as `ltx-jobs mcp`) submits for a file of this workspace
 * appears in the Jobs view's list without "Track Existing Job", and follows the CLI's progress to
 * its downloaded end, read from the CLI's ledger (`ltxJobs.cliHome`).
 */
export function cliJobTests(config: SuiteConfig): TestCase[] {
  return [
    {
      name: 'a job the ltx-jobs CLI submits for a workspace file appears in the job list and follows it to its end',
      fn: async () => {
        const api = await extensionApi();
        const home = await mkdtemp(join(tmpdir(), 'ltx-e2e-cli-home-'));
        const settings = vscode.workspace.getConfiguration('ltxJobs');
        await settings.update('cliHome', home, vscode.ConfigurationTarget.Global);
        try {
          const file = workspaceFile('agent/from-the-cli.ltx.json');
          const request = {
            provider: 'ltx',
            endpoint: 'text-to-video',
            name: 'e2e-from-the-cli',
            request: {
              prompt: 'a paper boat on a pond',
              model: 'ltx-2-3-fast',
              resolution: '1920x1080',
              duration: 6,
            },
          };
          await vscode.workspace.fs.writeFile(
            file,
            new TextEncoder().encode(`${JSON.stringify(request, null, 2)}\n`),
          );
          const cli = runCli(['submit', file.fsPath, '--wait', '--poll-interval', '0.2', '--json'], {
            LTX_JOBS_HOME: home,
            LTX_API_KEY: config.simulator.ltxApiKey,
            LTX_API_BASE_URL: config.simulator.ltxBaseUrl,
          });
          // Listed while the CLI still watches it (no Track Existing Job, no Refresh).
          const listed = await waitFor(api, 'the CLI job in the job list', () =>
            api.listJobs().find((r) => r.name === 'e2e-from-the-cli'),
          );
          assert.equal(listed.requestFile, file.fsPath);
          const { code, stdout, stderr } = await cli;
          assert.equal(code, 0, `the CLI exits 0:\n${stderr}`);
          const summary = JSON.parse(stdout) as { jobs: { ref: string; state: string }[] };
          assert.equal(summary.jobs[0]?.ref, listed.ref);
          const done = await waitFor(api, 'the CLI job succeeded with its video on disk', () => {
            const r = api.listJobs().find((x) => x.ref === listed.ref);
            return r?.job?.state === 'succeeded' && r.downloads.length > 0 ? r : undefined;
          });
          assert.ok(
            existsSync(done.downloads[0]?.path ?? ''),
            'the CLI downloaded the video into the workspace',
          );
        } finally {
          await settings.update('cliHome', undefined, vscode.ConfigurationTarget.Global);
          await rm(home, { recursive: true, force: true });
        }
      },
    },
  ];
}
