import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SuiteConfig } from './config.js';
import type { TestCase } from './harness.js';
import { extensionApi, recordNamed, setLtxKey, waitFor, workspaceFile, workspaceFolder } from './helpers.js';

const decoder = new TextDecoder();

/** Submit a good request file and a simulator-failed one through the real commands. */
export function submitTests(config: SuiteConfig): TestCase[] {
  return [
    {
      name: 'activate() returns the test API and setApiKey takes a key without UI',
      fn: async () => {
        const api = await extensionApi();
        assert.ok(Array.isArray(api.listJobs()), 'listJobs() returns an array');
        await setLtxKey(config);
      },
    },
    {
      name: 'submitFile -> job listed -> succeeded -> MP4 and provenance under ltx-output/',
      fn: async () => {
        const api = await extensionApi();
        await vscode.commands.executeCommand(
          'ltxJobs.submitFile',
          workspaceFile('requests/sunrise.ltx.json'),
        );
        const listed = await waitFor(api, 'e2e-sunrise in listJobs()', () => recordNamed(api, 'e2e-sunrise'));
        assert.equal(listed.provider, 'ltx');
        assert.equal(listed.endpoint, 'text-to-video');
        const done = await waitFor(api, 'e2e-sunrise succeeded and downloaded', () => {
          const r = recordNamed(api, 'e2e-sunrise');
          if (r?.job?.state === 'failed' || r?.job?.state === 'expired') {
            throw new Error(`e2e-sunrise ended ${r.job.state}: ${JSON.stringify(r.job.error)}`);
          }
          return r?.job?.state === 'succeeded' && r.downloads.length > 0 ? r : undefined;
        });
        const download = done.downloads[0]!;
        const outputRoot = vscode.Uri.joinPath(workspaceFolder().uri, 'ltx-output').fsPath;
        assert.ok(
          download.path.startsWith(`${outputRoot}/`),
          `artifact ${download.path} is under ${outputRoot}/`,
        );
        const mp4 = await vscode.workspace.fs.readFile(vscode.Uri.file(download.path));
        assert.equal(mp4.byteLength, download.bytes, 'file size matches the download record');
        assert.equal(decoder.decode(mp4.subarray(4, 8)), 'ftyp', 'the artifact is an MP4 (ftyp box)');
        const provenanceUri = vscode.Uri.file(`${download.path}.ltx-job.json`);
        const provenanceText = decoder.decode(await vscode.workspace.fs.readFile(provenanceUri));
        const provenance = JSON.parse(provenanceText) as unknown;
        assert.ok(provenance && typeof provenance === 'object', 'provenance is a JSON object');
        assert.ok(provenanceText.includes(done.id), 'provenance names the job id');
        assert.ok(!provenanceText.includes(config.simulator.ltxApiKey), 'provenance holds no API key');
      },
    },
    {
      name: 'a job the provider fails is recorded failed with the provider error type',
      fn: async () => {
        const api = await extensionApi();
        const file = workspaceFile('requests/content-filtered.ltx.json');
        await vscode.commands.executeCommand('ltxJobs.submitFile', file);
        const failed = await waitFor(api, 'e2e-content-filtered to end', () => {
          const r = recordNamed(api, 'e2e-content-filtered');
          return r?.job && ['succeeded', 'failed', 'expired'].includes(r.job.state) ? r : undefined;
        });
        assert.equal(failed.job?.state, 'failed');
        assert.equal(failed.job?.error?.type, 'content_filtered_error');
        assert.equal(failed.downloads.length, 0, 'nothing downloaded for a failed job');
      },
    },
  ];
}
