import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SuiteConfig } from './config.js';
import type { TestCase } from './harness.js';
import { extensionApi, recordNamed, simulatorRequests, workspaceFile } from './helpers.js';

/** Waits (bounded) until VS Code has diagnostics for `uri`. */
async function diagnosticsOf(uri: vscode.Uri, timeoutMs = 30_000): Promise<readonly vscode.Diagnostic[]> {
  const now = vscode.languages.getDiagnostics(uri);
  if (now.length > 0) return now;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`no diagnostics for ${uri.toString()} within ${timeoutMs} ms`));
    }, timeoutMs);
    const sub = vscode.languages.onDidChangeDiagnostics((event) => {
      if (!event.uris.some((u) => u.toString() === uri.toString())) return;
      const list = vscode.languages.getDiagnostics(uri);
      if (list.length === 0) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(list);
    });
  });
}

/** The extension's own diagnostics of `uri` (not the JSON schema's) once `accept` says so; bounded wait. */
async function ourDiagnostics(
  uri: vscode.Uri,
  accept: (list: readonly vscode.Diagnostic[]) => boolean,
  timeoutMs = 30_000,
): Promise<readonly vscode.Diagnostic[]> {
  const ours = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'LTX Jobs');
  if (accept(ours())) return ours();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(
        new Error(`LTX Jobs diagnostics of ${uri.toString()} did not change as expected in ${timeoutMs} ms`),
      );
    }, timeoutMs);
    const sub = vscode.languages.onDidChangeDiagnostics(() => {
      if (!accept(ours())) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(ours());
    });
  });
}

/** An invalid request file: a diagnostic at the JSON path, and no request reaches the provider. */
export function diagnosticsTests(config: SuiteConfig): TestCase[] {
  return [
    {
      name: 'invalid request file -> diagnostic on request.duration and no submit',
      fn: async () => {
        const api = await extensionApi();
        const uri = workspaceFile('requests/invalid-duration.ltx.json');
        const doc = await vscode.workspace.openTextDocument(uri);
        await vscode.window.showTextDocument(doc);
        const durationLine = doc
          .getText()
          .split('\n')
          .findIndex((line) => line.includes('"duration": 12'));
        assert.ok(durationLine >= 0, 'fixture has "duration": 12');

        const submitsBefore = (await simulatorRequests(config)).filter((e) => e.op === 'submit').length;
        await vscode.commands.executeCommand('ltxJobs.submitFile', uri);

        const diagnostics = await diagnosticsOf(uri);
        // The range must cover the offending value itself: `12` on the `"duration": 12` line.
        const value = new vscode.Position(durationLine, doc.lineAt(durationLine).text.indexOf('12'));
        const onDuration = diagnostics.filter((d) => d.range.contains(value));
        assert.ok(
          onDuration.length > 0,
          `a diagnostic covering ${value.line + 1}:${value.character + 1} (the 12 of "duration": 12); got ${diagnostics
            .map((d) => `${d.range.start.line + 1}:${d.range.start.character} ${d.message}`)
            .join(' | ')}`,
        );
        assert.equal(onDuration[0]!.severity, vscode.DiagnosticSeverity.Error);
        assert.match(onDuration[0]!.message, /duration/i, 'the message names the field');

        const submitsAfter = (await simulatorRequests(config)).filter((e) => e.op === 'submit').length;
        assert.equal(submitsAfter, submitsBefore, 'the simulator saw no submit for the invalid file');
        assert.equal(
          recordNamed(api, 'e2e-invalid-duration'),
          undefined,
          'no job record for the invalid file',
        );
      },
    },
    {
      name: 'fixing the value in the editor clears its diagnostic before saving; breaking it again brings it back',
      fn: async () => {
        const uri = workspaceFile('requests/invalid-duration.ltx.json');
        const doc = await vscode.workspace.openTextDocument(uri);
        await vscode.window.showTextDocument(doc);
        await diagnosticsOf(uri);
        const at = doc.getText().indexOf('"duration": 12') + '"duration": '.length;
        const range = new vscode.Range(doc.positionAt(at), doc.positionAt(at + 2));
        const replace = async (text: string) => {
          const edit = new vscode.WorkspaceEdit();
          edit.replace(uri, range, text);
          assert.ok(await vscode.workspace.applyEdit(edit), 'edit applied');
        };
        await replace('10');
        await ourDiagnostics(uri, (list) => list.length === 0);
        assert.ok(doc.isDirty, 'cleared while the file is still unsaved');
        await replace('12');
        const back = await ourDiagnostics(uri, (list) => list.length > 0);
        assert.match(back[0]!.message, /duration/i);
        await vscode.commands.executeCommand('workbench.action.files.revert');
      },
    },
  ];
}
