import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestCase } from './harness.js';
import { extensionApi, WAIT_MS, workspaceFile } from './helpers.js';

// Editor help for request files anywhere in the workspace (a new folder, no `$schema` line): the
// capability table's completions, hovers, one diagnostic per mistake, quick fixes, strict mode.

const body = (request: Record<string, unknown>, extra = '') =>
  `{\n  "provider": "ltx",\n  "endpoint": "text-to-video",${extra}\n  "request": ${JSON.stringify(request, null, 2).replace(/\n/g, '\n  ')}\n}\n`;

/** Writes `text` as `<new folder>/<name>.ltx.json` and opens it in an editor. */
async function newRequestFile(name: string, text: string): Promise<vscode.TextDocument> {
  const uri = workspaceFile(`fresh-${Date.now()}/${name}.ltx.json`);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);
  return document;
}

/** Waits (bounded) until the diagnostics of `uri` (all sources) satisfy `accept`. */
async function diagnosticsWhen(
  uri: vscode.Uri,
  accept: (list: readonly vscode.Diagnostic[]) => boolean,
  what: string,
): Promise<readonly vscode.Diagnostic[]> {
  const now = vscode.languages.getDiagnostics(uri);
  if (accept(now)) return now;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      const seen = vscode.languages.getDiagnostics(uri).map((d) => `${d.source}: ${d.message}`);
      reject(new Error(`${what}: not within ${WAIT_MS} ms; saw ${JSON.stringify(seen)}`));
    }, WAIT_MS);
    const sub = vscode.languages.onDidChangeDiagnostics(() => {
      const list = vscode.languages.getDiagnostics(uri);
      if (!accept(list)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(list);
    });
  });
}

const positionOf = (document: vscode.TextDocument, text: string, delta = 1) =>
  document.positionAt(document.getText().indexOf(text) + delta);

export function editorHelpTests(): TestCase[] {
  return [
    {
      name: 'a new folder without $schema: model completions list the 2.5 models, removed ones marked',
      fn: async () => {
        await extensionApi();
        const document = await newRequestFile(
          'complete',
          body({ prompt: 'a heron', model: '', resolution: '1920x1080', duration: 6 }),
        );
        const list = await vscode.commands.executeCommand<vscode.CompletionList>(
          'vscode.executeCompletionItemProvider',
          document.uri,
          positionOf(document, '"model": ""', '"model": "'.length),
        );
        const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
        for (const model of ['ltx-2-5-fast', 'ltx-2-5-pro', 'ltx-2-3-fast', 'ltx-2-3-pro'])
          assert.ok(labels.includes(model), `completion ${model} in ${JSON.stringify(labels)}`);
        const removed = list.items.find(
          (i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'ltx-2-fast',
        );
        assert.deepEqual(removed?.tags, [vscode.CompletionItemTag.Deprecated]);
      },
    },
    {
      name: 'an impossible duration is one error at the value (VS Code adds no second warning); a duplicate key is left to VS Code',
      fn: async () => {
        const text = body(
          { prompt: 'a heron', model: 'ltx-2-3-pro', resolution: '1920x1080', duration: 12 },
          '\n  "name": "a",\n  "name": "b",',
        );
        const document = await newRequestFile('duration', text);
        // The duplicate key is VS Code's own JSON warning: once it is there, the JSON service has run.
        const list = await diagnosticsWhen(
          document.uri,
          (l) => l.some((d) => d.source !== 'LTX Jobs') && l.some((d) => d.source === 'LTX Jobs'),
          'both the JSON service and LTX Jobs report',
        );
        const value = positionOf(document, '"duration": 12', '"duration": '.length);
        const onDuration = list.filter((d) => d.range.contains(value));
        assert.equal(onDuration.length, 1, JSON.stringify(list.map((d) => `${d.source}: ${d.message}`)));
        assert.equal(onDuration[0]?.severity, vscode.DiagnosticSeverity.Error);
        assert.match(onDuration[0]!.message, /ltx-2-3-pro renders 2, 3, 4, 5, 6, 8, 10 s/);
        // VS Code's JSON service marks a repeated key (at both places); we add nothing of our own.
        const duplicate = list.filter((d) => /duplicate/i.test(d.message));
        assert.ok(duplicate.length > 0, 'VS Code reports the duplicate key');
        assert.ok(
          duplicate.every((d) => d.source !== 'LTX Jobs'),
          'and LTX Jobs does not repeat it',
        );
      },
    },
    {
      name: 'a removed model: hover says why and what replaces it; the quick fix "Use ltx-2-3-fast" fixes it',
      fn: async () => {
        const document = await newRequestFile(
          'removed',
          body({ prompt: 'a fox', model: 'ltx-2-fast', resolution: '1920x1080', duration: 6 }),
        );
        const at = positionOf(document, 'ltx-2-fast', 2);
        const [diagnostic] = await diagnosticsWhen(
          document.uri,
          (l) => l.some((d) => d.source === 'LTX Jobs'),
          'the removed-model error',
        );
        assert.match(
          diagnostic!.message,
          /ltx-2-fast was removed on 2026-08-15 and LTX refuses it; use ltx-2-3-fast/,
        );
        const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
          'vscode.executeHoverProvider',
          document.uri,
          at,
        );
        const hoverText = hovers
          .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)))
          .join('\n');
        assert.match(hoverText, /Removed on 2026-08-15/);
        assert.match(hoverText, /Use `ltx-2-3-fast`/);
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
          'vscode.executeCodeActionProvider',
          document.uri,
          new vscode.Range(at, at),
        );
        const fix = actions.find((a) => a.title === 'Use ltx-2-3-fast');
        assert.ok(fix?.edit, `quick fix in ${JSON.stringify(actions.map((a) => a.title))}`);
        assert.ok(await vscode.workspace.applyEdit(fix.edit));
        assert.match(document.getText(), /"model": "ltx-2-3-fast"/);
        await diagnosticsWhen(
          document.uri,
          (l) => !l.some((d) => d.source === 'LTX Jobs'),
          'the error clears after the fix',
        );
      },
    },
    {
      name: 'an unknown model is a warning naming the catalog date; ltxJobs.validation "strict" makes it an error',
      fn: async () => {
        const document = await newRequestFile(
          'unknown',
          body({ prompt: 'an owl', model: 'ltx-3-fast', resolution: '1920x1080', duration: 6 }),
        );
        const ours = (l: readonly vscode.Diagnostic[]) => l.filter((d) => d.source === 'LTX Jobs');
        const [warning] = ours(
          await diagnosticsWhen(document.uri, (l) => ours(l).length > 0, 'the unknown-model warning'),
        );
        assert.equal(warning?.severity, vscode.DiagnosticSeverity.Warning);
        assert.match(warning!.message, /not in the capability table checked on 2026-11-29/);
        const config = vscode.workspace.getConfiguration('ltxJobs');
        await config.update('validation', 'strict', vscode.ConfigurationTarget.Workspace);
        try {
          const [error] = ours(
            await diagnosticsWhen(
              document.uri,
              (l) => ours(l)[0]?.severity === vscode.DiagnosticSeverity.Error,
              'strict error',
            ),
          );
          assert.match(error!.message, /refused: strict validation/);
        } finally {
          await config.update('validation', undefined, vscode.ConfigurationTarget.Workspace);
        }
      },
    },
  ];
}
