import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { SuiteConfig } from './config.js';
import type { TestCase } from './harness.js';
import {
  EXTENSION_ID,
  extensionApi,
  setLtxKey,
  simulatorRequests,
  waitFor,
  workspaceFile,
  workspaceFolder,
} from './helpers.js';

/**
 * The language-model tools through `vscode.lm.invokeTool`, as an agent calls them. Without a chat
 * session VS Code 1.100 runs `prepareInvocation` and shows its confirmation as a modal dialog: the
 * runner (e2e/lm-tools.e2e.test.mjs) reads that dialog in the browser, screenshots it and clicks
 * "Yes", or "Cancel" for a request named `*-declined`; for one named `*-edited` it first changes the
 * file on disk, as if the user edited it while the confirmation was open.
 */

/** A 1440p ltx-2-3-pro request: the simulator runs it, the price table knows it (≈ $0.96). */
function proRequest(name: string, prompt: string) {
  return {
    provider: 'ltx',
    endpoint: 'text-to-video',
    name,
    request: { prompt, model: 'ltx-2-3-pro', resolution: '2560x1440', duration: 6, fps: 24 },
  };
}

async function writeWorkspaceJson(relative: string, value: unknown): Promise<void> {
  await vscode.workspace.fs.writeFile(
    workspaceFile(relative),
    new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`),
  );
}

async function invoke(
  name: string,
  input: object,
): Promise<{ summary: string; output: Record<string, unknown> }> {
  const result = await vscode.lm.invokeTool(
    name,
    { input, toolInvocationToken: undefined },
    new vscode.CancellationTokenSource().token,
  );
  const texts = result.content.map((part) =>
    part instanceof vscode.LanguageModelTextPart ? part.value : '',
  );
  return { summary: texts[0] ?? '', output: JSON.parse(texts[1] ?? '{}') as Record<string, unknown> };
}

async function ltxSubmits(config: SuiteConfig): Promise<number> {
  return (await simulatorRequests(config)).filter(
    (r) => r.api === 'ltx' && r.op === 'submit' && r.status < 300,
  ).length;
}

export function lmToolTests(config: SuiteConfig): TestCase[] {
  return [
    {
      name: 'the LTX tools are registered with VS Code (vscode.lm.tools) from contributes.languageModelTools',
      fn: async () => {
        await extensionApi();
        // The manifest's list (generated from core's tool definitions; a unit test checks that).
        const extension = vscode.extensions.getExtension(EXTENSION_ID);
        assert.ok(extension, 'the extension is installed');
        const contributed = extension.packageJSON.contributes.languageModelTools as { name: string }[];
        const declared = contributed.map((t) => t.name);
        assert.equal(declared.length, 8);
        const names = vscode.lm.tools.map((t) => t.name).filter((n) => n.startsWith('ltx_'));
        assert.deepEqual(names.sort(), [...declared].sort());
        const submit = vscode.lm.tools.find((t) => t.name === 'ltx_submit');
        assert.ok(submit, 'ltx_submit is registered');
        assert.ok(submit.tags.includes('billed'));
        assert.ok((submit.inputSchema as { properties?: object }).properties, 'submit has an input schema');
      },
    },
    {
      name: 'ltx_validate reports a bad file at its JSON path and line, with a workspace-relative name',
      fn: async () => {
        const bad = proRequest('agent-bad', 'Agent: a bad duration');
        bad.request.duration = 12; // ltx-2-3-pro renders up to 10 s
        await writeWorkspaceJson('requests/agent-bad.ltx.json', bad);
        const { summary, output } = await invoke('ltx_validate', { file: 'requests/agent-bad.ltx.json' });
        assert.equal(output.valid, false);
        assert.match(summary, /^Not valid/);
        assert.match(summary, /requests\/agent-bad\.ltx\.json:9:\d+: \$\.request\.duration: /);
      },
    },
    {
      name: 'ltx_submit declined in its confirmation sends nothing',
      fn: async () => {
        await setLtxKey(config);
        await writeWorkspaceJson(
          'requests/agent-declined.ltx.json',
          proRequest('agent-declined', 'Agent: declined'),
        );
        const before = await ltxSubmits(config);
        await assert.rejects(
          invoke('ltx_submit', { file: 'requests/agent-declined.ltx.json' }),
          (error: Error) => {
            assert.match(`${error.name} ${error.message}`, /cancel/i);
            return true;
          },
        );
        assert.equal(await ltxSubmits(config), before, 'no submit reached the simulator');
      },
    },
    {
      name: 'ltx_submit refuses a request that changed after the user confirmed it',
      fn: async () => {
        await setLtxKey(config);
        await writeWorkspaceJson(
          'requests/agent-edited.ltx.json',
          proRequest('agent-edited', 'Agent: edited'),
        );
        const before = await ltxSubmits(config);
        await assert.rejects(
          invoke('ltx_submit', { file: 'requests/agent-edited.ltx.json' }),
          (error: Error) => {
            assert.match(error.message, /changed after you confirmed it; nothing was sent/);
            return true;
          },
        );
        assert.equal(await ltxSubmits(config), before, 'no submit reached the simulator');
      },
    },
    {
      name: 'ltx_submit (confirmed) -> ltx_wait -> the MP4 is in the workspace and the job in the Jobs view',
      fn: async () => {
        const api = await extensionApi();
        await setLtxKey(config);
        await writeWorkspaceJson(
          'requests/agent-pro.ltx.json',
          proRequest('agent-pro', 'Agent: a lighthouse at dusk'),
        );
        const before = await ltxSubmits(config);
        const submitted = await invoke('ltx_submit', { file: 'requests/agent-pro.ltx.json' });
        const job = submitted.output.job as { ref: string; requestFile?: string };
        assert.match(job.ref, /^ltx:text-to-video\//);
        assert.equal(job.requestFile, 'requests/agent-pro.ltx.json', 'results name workspace files');
        assert.match(submitted.summary, /≈ \$0\.96/);
        assert.equal(await ltxSubmits(config), before + 1);
        const record = await waitFor(api, 'the agent job in the Jobs view', () =>
          api.listJobs().find((r) => r.ref === job.ref),
        );
        assert.equal(record.requestFile, workspaceFile('requests/agent-pro.ltx.json').toString());

        let waited: Record<string, unknown> = {};
        for (let call = 0; call < 10 && !waited.finished; call++) {
          waited = (await invoke('ltx_wait', { ref: job.ref, seconds: 20 })).output;
        }
        assert.equal(waited.finished, true, `finished: ${JSON.stringify(waited)}`);
        const artifact = (waited.job as { artifacts: { path?: string }[] }).artifacts[0];
        assert.match(artifact?.path ?? '', /^ltx-output\/.+\.mp4$/, 'a workspace-relative path');
        const absolute = join(workspaceFolder().uri.fsPath, artifact?.path ?? '');
        assert.ok(existsSync(absolute), `${absolute} is on disk`);
        assert.equal(readFileSync(absolute).subarray(4, 8).toString('latin1'), 'ftyp');

        const listed = await invoke('ltx_list_jobs', { state: 'succeeded' });
        assert.ok((listed.output.jobs as { ref: string }[]).some((j) => j.ref === job.ref));
      },
    },
  ];
}
