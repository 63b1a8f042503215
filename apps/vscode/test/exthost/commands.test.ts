import * as assert from 'node:assert/strict';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { SuiteConfig } from './config.js';
import type { TestCase } from './harness.js';
import {
  extensionApi,
  finished,
  readText,
  recordNamed,
  setLtxKey,
  simulatorRequests,
  submitElsewhere,
  waitFor,
  workspaceFile,
} from './helpers.js';

/** The tab VS Code shows in front now. */
function activeTabInput(): unknown {
  return vscode.window.tabGroups.activeTabGroup.activeTab?.input;
}

/**
 * The item commands with a job ref argument (what the tree's menus and the completion notification
 * pass), Track Existing Job, and the API keys per provider. Runs after submitTests (e2e-sunrise done).
 */
export function commandTests(config: SuiteConfig): TestCase[] {
  return [
    {
      name: 'Copy Job ID, Copy Result URL, Open Request File and Open Artifact (media preview) on a finished job',
      fn: async () => {
        const api = await extensionApi();
        const done = recordNamed(api, 'e2e-sunrise');
        assert.ok(done?.job?.state === 'succeeded', 'e2e-sunrise finished in an earlier test');

        await vscode.commands.executeCommand('ltxJobs.copyJobId', done.ref);
        assert.equal(await vscode.env.clipboard.readText(), done.ref, 'the full ref that Track accepts');

        await vscode.commands.executeCommand('ltxJobs.copyResultUrl', done.ref);
        assert.equal(await vscode.env.clipboard.readText(), done.job.artifacts[0]?.url);

        await vscode.commands.executeCommand('ltxJobs.openRequestFile', done.ref);
        assert.equal(
          vscode.window.activeTextEditor?.document.uri.toString(),
          workspaceFile('requests/sunrise.ltx.json').toString(),
        );

        await vscode.commands.executeCommand('ltxJobs.openArtifact', done.ref);
        const input = await waitFor(api, 'the MP4 in front', () => {
          const tab = activeTabInput();
          return tab instanceof vscode.TabInputCustom ? tab : undefined;
        });
        // The simulator's MP4 has AAC audio: with ffmpeg (the e2e installs it) the preview plays its
        // sound copy (same name, in the extension's preview cache); without, the artifact itself.
        const artifact = done.downloads[0]?.path ?? '';
        const opened = input.uri.fsPath;
        assert.ok(
          opened === artifact || (opened.includes('/previews/') && basename(opened) === basename(artifact)),
          `the artifact or its sound copy is open: ${opened}`,
        );
        assert.equal(input.viewType, 'vscode.videoPreview', "VS Code's own media preview plays it");
      },
    },
    {
      name: 'useapi: Set API Key for that provider, submit, the MP4 lands in ltx-output/',
      fn: async () => {
        const api = await extensionApi();
        await vscode.commands.executeCommand('ltxJobs.setApiKey', {
          provider: 'useapi',
          apiKey: config.simulator.useapiToken,
        });
        await vscode.commands.executeCommand(
          'ltxJobs.submitFile',
          workspaceFile('requests/useapi-boats.ltx.json'),
        );
        const listed = await waitFor(api, 'e2e-useapi-boats listed', () =>
          recordNamed(api, 'e2e-useapi-boats'),
        );
        assert.equal(listed.provider, 'useapi');
        const done = await finished(api, listed.ref, 'e2e-useapi-boats');
        const bytes = await vscode.workspace.fs.readFile(vscode.Uri.file(done.downloads[0]!.path));
        assert.equal(new TextDecoder().decode(bytes.subarray(4, 8)), 'ftyp');
        const provenance = JSON.parse(await readText(`${done.downloads[0]!.path}.ltx-job.json`));
        assert.equal(provenance.provider, 'useapi');
        assert.equal(provenance.jobId, done.id);
      },
    },
    {
      name: 'Track Existing Job without an LTX key sends nothing; Set API Key resumes it to the end',
      fn: async () => {
        const api = await extensionApi();
        await vscode.commands.executeCommand('ltxJobs.clearApiKey', { provider: 'ltx' });
        const ref = await submitElsewhere(
          config,
          'ltx',
          'Submitted from another machine [sim:processing-ms=800]',
        );
        await vscode.commands.executeCommand('ltxJobs.trackJob', ref);
        const tracked = await waitFor(api, `${ref} in the list`, () =>
          api.listJobs().find((r) => r.ref === ref),
        );
        assert.equal(tracked.requestFile, undefined, 'a tracked job has no request file');
        await setLtxKey(config);
        const done = await finished(api, ref);
        assert.ok(
          done.downloads[0]?.path.includes(`${'/'}ltx-output${'/'}`),
          `downloaded into ltx-output/: ${done.downloads[0]?.path}`,
        );
        const reads = (await simulatorRequests(config)).filter((e) => e.jobId === done.id);
        assert.ok(
          reads.some((e) => e.op === 'status' && e.status === 200),
          'polled with the key',
        );
        assert.equal(reads.filter((e) => e.status === 401).length, 0, 'no request went out without a key');
      },
    },
    {
      name: 'Stop Watching leaves a running job unpolled; Remove from List forgets a finished one, files stay',
      fn: async () => {
        const api = await extensionApi();
        // useapi: a long LTX job would hold one of the simulator's two LTX slots for the later tests
        const ref = await submitElsewhere(
          config,
          'useapi',
          'A long job we stop following [sim:processing-ms=120000]',
        );
        await vscode.commands.executeCommand('ltxJobs.trackJob', ref);
        await waitFor(api, `${ref} polled`, () => {
          const r = api.listJobs().find((x) => x.ref === ref);
          return r?.job !== undefined ? r : undefined;
        });
        await vscode.commands.executeCommand('ltxJobs.stopWatching', ref);
        const stopped = api.listJobs().find((r) => r.ref === ref);
        assert.equal(stopped?.watching, false);
        assert.equal(stopped?.job?.state === 'succeeded', false, 'it is still running at the provider');

        const useapiJob = recordNamed(api, 'e2e-useapi-boats');
        assert.ok(useapiJob, 'the useapi job of the previous test');
        const file = useapiJob.downloads[0]!.path;
        await vscode.commands.executeCommand('ltxJobs.removeJob', useapiJob.ref);
        assert.equal(
          api.listJobs().some((r) => r.ref === useapiJob.ref),
          false,
          'gone from the list',
        );
        await vscode.workspace.fs.stat(vscode.Uri.file(file)); // throws when the file went with it
      },
    },
  ];
}
