import type { RequestFileFix, RequestFileIssue } from '@ltx-jobs/core';
import { type FormattingOptions, findNodeAtLocation, modify, parseTree } from 'jsonc-parser';
import * as vscode from 'vscode';
import type { RequestDiagnostics } from './request-diagnostics.js';
import { REQUEST_FILES } from './request-editor-help.js';

function formatting(document: vscode.TextDocument): FormattingOptions {
  const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
  const tabSize = Number(editor?.options.tabSize ?? 2);
  return {
    insertSpaces: editor?.options.insertSpaces !== false,
    tabSize,
    eol: document.eol === 2 ? '\r\n' : '\n',
  };
}

/** The edit that applies `fix` to the issue's property, or undefined when the text no longer has it. */
export function fixEdit(
  document: vscode.TextDocument,
  issue: RequestFileIssue,
  fix: RequestFileFix,
): vscode.WorkspaceEdit | undefined {
  const text = document.getText();
  const edit = new vscode.WorkspaceEdit();
  if (fix.kind === 'rename') {
    const root = parseTree(text);
    const value = root ? findNodeAtLocation(root, issue.segments) : undefined;
    const key = value?.parent?.children?.[0];
    if (!key) return undefined;
    const range = new vscode.Range(
      document.positionAt(key.offset),
      document.positionAt(key.offset + key.length),
    );
    edit.replace(document.uri, range, JSON.stringify(fix.key));
    return edit;
  }
  const changes = modify(text, issue.segments, fix.kind === 'remove' ? undefined : fix.value, {
    formattingOptions: formatting(document),
  });
  if (changes.length === 0) return undefined;
  for (const change of changes) {
    const range = new vscode.Range(
      document.positionAt(change.offset),
      document.positionAt(change.offset + change.length),
    );
    edit.replace(document.uri, range, change.content);
  }
  return edit;
}

/** "Remove $schema" where a `$schema` line points elsewhere: request files need none in this editor. */
function schemaActions(document: vscode.TextDocument, range: vscode.Range): vscode.CodeAction[] {
  const root = parseTree(document.getText());
  const node = root ? findNodeAtLocation(root, ['$schema']) : undefined;
  const property = node?.parent;
  if (!property) return [];
  const at = new vscode.Range(
    document.positionAt(property.offset),
    document.positionAt(property.offset + property.length),
  );
  if (!at.intersection(range)) return [];
  const edit = fixEdit(
    document,
    { path: '$.$schema', segments: ['$schema'], message: '' },
    { kind: 'remove', title: '' },
  );
  if (!edit) return [];
  const action = new vscode.CodeAction(
    'Remove "$schema" (LTX Jobs checks *.ltx.json without it)',
    vscode.CodeActionKind.QuickFix,
  );
  action.edit = edit;
  return [action];
}

/**
 * Quick fixes for the extension's own diagnostics that carry a fix: "Use ltx-2-3-fast" on a removed
 * model, "Change to 1920x1080" on a size the model does not render, "Change to 10" on a duration,
 * "Rename to "duration"" on a mistyped key, "Remove camera_motion" where the model takes none.
 */
export function requestQuickFixes(diagnostics: RequestDiagnostics): vscode.CodeActionProvider {
  return {
    provideCodeActions(document, range, context) {
      const actions: vscode.CodeAction[] = [];
      for (const diagnostic of context.diagnostics) {
        const issue = diagnostics.issueOf(document.uri, diagnostic);
        const fix = issue?.fix;
        if (!issue || !fix) continue;
        const edit = fixEdit(document, issue, fix);
        if (!edit) continue;
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.edit = edit;
        action.diagnostics = [diagnostic];
        action.isPreferred = true;
        actions.push(action);
      }
      return [...actions, ...schemaActions(document, range)];
    },
  };
}

/** Registers the quick fixes for request files. */
export function registerRequestQuickFixes(
  context: vscode.ExtensionContext,
  diagnostics: RequestDiagnostics,
): void {
  context.subscriptions.push(
    vscode.languages.registerCodeActionsProvider(REQUEST_FILES, requestQuickFixes(diagnostics), {
      providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
    }),
  );
}
