import * as assert from 'node:assert/strict';
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';
import type { SuiteConfig } from './config.js';
import type { TestCase } from './harness.js';
import { extensionApi, finished, readText, recordNamed, waitFor } from './helpers.js';

/** The editor in front, once it shows a file whose name matches `pattern`. */
async function editorFor(pattern: RegExp): Promise<vscode.TextEditor> {
  const api = await extensionApi();
  return waitFor(api, `an editor on ${pattern}`, () => {
    const editor = vscode.window.activeTextEditor;
    return editor && pattern.test(editor.document.uri.fsPath) ? editor : undefined;
  });
}

/**
 * Takes started the way the Jobs view's New Take menu starts them (a tree node or a job ref), one
 * submitted to its end, Preview with Sound and the gallery panel. Runs after submitTests (e2e-sunrise
 * is done and downloaded).
 */
export function takeTests(config: SuiteConfig): TestCase[] {
  void config;
  return [
    {
      name: 'Retake… on an artifact node and Make HDR on a job ref: request files beside the video, focus selected',
      fn: async () => {
        const api = await extensionApi();
        const source = recordNamed(api, 'e2e-sunrise');
        const video = source?.downloads[0]?.path;
        assert.ok(source && video, 'e2e-sunrise was downloaded in an earlier test');

        await vscode.commands.executeCommand('ltxJobs.retake', {
          kind: 'artifact',
          ref: source.ref,
          key: 'video_url',
        });
        const retake = await editorFor(/-retake\.ltx\.json$/);
        assert.equal(dirname(retake.document.uri.fsPath), dirname(video), 'beside its source');
        const request = JSON.parse(retake.document.getText());
        assert.equal(request.endpoint, 'retake');
        assert.equal(request.request.video_uri, `./${basename(video)}`);
        const prompt = (source.request as { prompt: string }).prompt;
        assert.equal(retake.document.getText(retake.selection), prompt, "the source's prompt, selected");

        await vscode.commands.executeCommand('ltxJobs.makeHdr', source.ref);
        const hdr = await editorFor(/-hdr\.ltx\.json$/);
        assert.equal(
          hdr.document.getText(hdr.selection),
          `./${basename(video)}`,
          'HDR has no prompt: the source is selected',
        );
      },
    },
    {
      name: 'the Retake is submitted from its file and recorded as a take of e2e-sunrise; its provenance has the chain',
      fn: async () => {
        const api = await extensionApi();
        const source = recordNamed(api, 'e2e-sunrise');
        assert.ok(source);
        const retakeFile = vscode.workspace.textDocuments.find((d) =>
          /-retake\.ltx\.json$/.test(d.uri.fsPath),
        )?.uri;
        assert.ok(retakeFile, 'the retake request file is open');
        await vscode.commands.executeCommand('ltxJobs.submitFile', retakeFile);
        const take = await waitFor(api, 'the retake listed', () => recordNamed(api, 'e2e-sunrise-retake'));
        assert.equal(take.endpoint, 'retake');
        assert.deepEqual(take.parent, {
          file: source.downloads[0]?.path,
          field: 'video_uri',
          ref: source.ref,
          endpoint: 'text-to-video',
          chain: [],
        });
        const done = await finished(api, take.ref, 'e2e-sunrise-retake');
        const provenance = JSON.parse(await readText(`${done.downloads[0]?.path}.ltx-job.json`));
        assert.equal(provenance.takeOf.ref, source.ref);
        assert.deepEqual(provenance.chain, [
          { file: source.downloads[0]?.path, ref: source.ref, endpoint: 'text-to-video' },
        ]);
      },
    },
    {
      name: 'Preview with Sound on an MP4 opens its sound copy (or the file itself without ffmpeg), never changing it',
      fn: async () => {
        const api = await extensionApi();
        const video = recordNamed(api, 'e2e-sunrise')?.downloads[0]?.path;
        assert.ok(video);
        const before = await vscode.workspace.fs.stat(vscode.Uri.file(video));
        await vscode.commands.executeCommand('ltxJobs.previewWithSound', vscode.Uri.file(video));
        const opened = await waitFor(api, 'the video preview in front', () => {
          const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
          return input instanceof vscode.TabInputCustom && input.viewType === 'vscode.videoPreview'
            ? input.uri
            : undefined;
        });
        assert.ok(
          opened.fsPath === video ||
            (opened.fsPath.includes('/previews/') && basename(opened.fsPath) === basename(video)),
          `the video or its sound copy: ${opened.fsPath}`,
        );
        const after = await vscode.workspace.fs.stat(vscode.Uri.file(video));
        assert.deepEqual([after.size, after.mtime], [before.size, before.mtime], 'the artifact is untouched');
      },
    },
    {
      name: 'Open Gallery opens one webview panel; running it again brings the same one to the front',
      fn: async () => {
        const galleryTabs = () =>
          vscode.window.tabGroups.all
            .flatMap((g) => g.tabs)
            .filter(
              (t) =>
                t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('ltxJobs.gallery'),
            );
        await vscode.commands.executeCommand('ltxJobs.openGallery');
        await vscode.commands.executeCommand('workbench.action.files.newUntitledFile');
        await vscode.commands.executeCommand('ltxJobs.openGallery');
        // the workbench moves tabs after the command returned: wait for the gallery in front
        const api = await extensionApi();
        const tabs = await waitFor(api, 'the gallery in front again', () => {
          const found = galleryTabs();
          return found.some((t) => t.isActive && t.group.isActive) ? found : undefined;
        });
        assert.equal(tabs.length, 1, 'one gallery');
        assert.equal(tabs[0]?.label, 'LTX Gallery');
        await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      },
    },
  ];
}
