import { UsageError } from '@ltx-jobs/core';
import * as vscode from 'vscode';
import type { Services } from '../services/services.js';
import { UriArgSchema } from './args.js';
import { jobTarget } from './job-arg.js';

/**
 * ltxJobs.editPrompt <job>: opens the job's request file with the prompt's text selected, e.g. after
 * LTX's safety filters refused it (`content_filtered_error`).
 */
export async function editPrompt(services: Services, arg: unknown): Promise<void> {
  const { record } = jobTarget(services, arg);
  if (record.requestFile === undefined)
    throw new UsageError(`Job ${record.ref} was tracked by id; it has no request file to edit`);
  const uri = UriArgSchema.parse(record.requestFile);
  const document = await vscode.workspace.openTextDocument(uri);
  const range = (await promptRange(document)) ?? new vscode.Range(0, 0, 0, 0);
  await vscode.window.showTextDocument(document, { selection: range, preview: false });
}

/**
 * The range of the prompt's text (inside its quotes) in a request file: from VS Code's JSON
 * document symbols (`request` > `prompt`), else from the first `"prompt": "…"` in the text.
 */
export async function promptRange(document: vscode.TextDocument): Promise<vscode.Range | undefined> {
  const symbols = await vscode.commands
    .executeCommand<vscode.DocumentSymbol[] | undefined>('vscode.executeDocumentSymbolProvider', document.uri)
    .then(
      (s) => s,
      () => undefined,
    );
  const request = symbols?.find((s) => s.name === 'request');
  const prompt = request?.children.find((s) => s.name === 'prompt');
  if (prompt !== undefined) return insideQuotes(document, prompt.range);
  const match = /"prompt"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(document.getText());
  if (match === null) return undefined;
  const start = match.index + match[0].length - match[1]!.length - 1;
  return new vscode.Range(document.positionAt(start), document.positionAt(start + match[1]!.length));
}

/** The value of a `"prompt": "…"` property range, without its key and quotes. */
function insideQuotes(document: vscode.TextDocument, range: vscode.Range): vscode.Range {
  const text = document.getText(range);
  const open = text.indexOf('"', text.indexOf(':'));
  const close = text.lastIndexOf('"');
  if (open < 0 || close <= open) return range;
  const base = document.offsetAt(range.start);
  return new vscode.Range(document.positionAt(base + open + 1), document.positionAt(base + close));
}
