import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SuiteConfig } from './config.js';
import type { TestCase } from './harness.js';
import {
  extensionApi,
  finished,
  recordNamed,
  simulatorRequests,
  submitElsewhere,
  waitFor,
} from './helpers.js';

/**
 * Issue 7 in the extension host: Edit Prompt after a content-filter failure, a key the provider
 * rejects is not stored, Stop Watching / Resume Watching / Refresh, and a title button's tree-row
 * argument ignored. Runs after submitTests (e2e-content-filtered failed), before commandTests.
 */
export function firstHourTests(config: SuiteConfig): TestCase[] {
  return [
    {
      name: 'Edit Prompt opens the request file of a content-filtered job with the prompt selected',
      fn: async () => {
        const api = await extensionApi();
        const failed = recordNamed(api, 'e2e-content-filtered');
        assert.equal(failed?.job?.error?.type, 'content_filtered_error', 'failed in submitTests');
        await vscode.commands.executeCommand('ltxJobs.editPrompt', failed.ref);
        const editor = vscode.window.activeTextEditor;
        assert.ok(editor !== undefined, 'an editor is open');
        assert.ok(editor.document.uri.path.endsWith('requests/content-filtered.ltx.json'));
        const selected = editor.document.getText(editor.selection);
        const prompt = (JSON.parse(editor.document.getText()) as { request: { prompt: string } }).request
          .prompt;
        assert.equal(selected, prompt, 'the prompt text is selected, ready to be changed');
      },
    },
    {
      name: 'a key the provider rejects is not stored: the old key keeps working',
      fn: async () => {
        const api = await extensionApi();
        const before = (await simulatorRequests(config)).length;
        await vscode.commands.executeCommand('ltxJobs.setApiKey', { provider: 'ltx', apiKey: 'sk-wrong' });
        const checks = (await simulatorRequests(config)).slice(before).filter((e) => e.api === 'ltx');
        assert.deepEqual(
          checks.map((e) => `${e.op} ${e.status}`),
          ['status 401'],
          'one status read checked the key; nothing was submitted',
        );
        // the stored key is still the simulator's: a job from elsewhere is tracked to its end
        const ref = await submitElsewhere(config, 'ltx', 'checked key still works [sim:processing-ms=300]');
        await vscode.commands.executeCommand('ltxJobs.trackJob', ref);
        await finished(api, ref);
      },
    },
    {
      name: 'Stop Watching, then Resume Watching polls again; Refresh resumes a stopped job too',
      fn: async () => {
        const api = await extensionApi();
        await vscode.commands.executeCommand('ltxJobs.setApiKey', {
          provider: 'useapi',
          apiKey: config.simulator.useapiToken,
        });
        const first = await submitElsewhere(config, 'useapi', 'resume me [sim:processing-ms=4000]');
        const second = await submitElsewhere(config, 'useapi', 'refresh me [sim:processing-ms=4000]');
        for (const ref of [first, second]) await vscode.commands.executeCommand('ltxJobs.trackJob', ref);
        await vscode.commands.executeCommand('ltxJobs.stopWatching', first);
        await vscode.commands.executeCommand('ltxJobs.stopWatching', second);
        for (const ref of [first, second]) {
          assert.equal(api.listJobs().find((r) => r.ref === ref)?.watching, false);
        }
        await vscode.commands.executeCommand('ltxJobs.resumeWatching', first);
        await waitFor(api, `${first} watched again`, () =>
          api.listJobs().find((r) => r.ref === first && r.watching),
        );
        // a title button (Refresh) handed the focused row: ignored, and every live job is watched again
        await vscode.commands.executeCommand('ltxJobs.refresh', { kind: 'job', ref: first });
        // both end and download before the later tests (which hold a download) start
        for (const ref of [first, second]) await finished(api, ref);
      },
    },
  ];
}
