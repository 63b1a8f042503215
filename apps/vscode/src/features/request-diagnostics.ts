import { checkRequestFile, type RequestFileError, type RequestFileIssue } from '@ltx-jobs/core';
import * as vscode from 'vscode';
import { isRequestFileUri } from '../services/workspace-files.js';
import { isStrictValidation } from './validation-setting.js';

export { isRequestFileUri };

/**
 * Issues VS Code's own JSON language service already reports for a `json` document (a syntax error, a
 * repeated key): shown once, by VS Code, not a second time by us. In `jsonc` documents VS Code accepts
 * comments and trailing commas, which request files may not have, so ours stay.
 */
function reportedByVsCode(issue: RequestFileIssue, languageId: string | undefined): boolean {
  if (issue.code === 'duplicate-key') return languageId === 'json' || languageId === 'jsonc';
  return issue.code === 'syntax' && languageId === 'json';
}

/** The diagnostic that shows `issue`. */
function diagnosticOf(issue: RequestFileIssue, range: vscode.Range): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(
    range,
    `${issue.path}: ${issue.message}`,
    issue.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Error,
  );
  diagnostic.source = 'LTX Jobs';
  if (issue.code !== undefined) diagnostic.code = issue.code;
  return diagnostic;
}

/**
 * Problems of `*.ltx.json` files, from the core's validator: errors (nothing is sent) and warnings
 * (sent anyway: values newer than the capability table, unconfirmed features), one per mistake.
 * Shown on open, edit and save and when a submit fails validation; cleared once the file is valid or closed.
 */
export class RequestDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('ltx-jobs');
  /** The diagnostics shown per document (uri string), each with the issue behind it, for quick fixes. */
  private readonly shown = new Map<string, { diagnostic: vscode.Diagnostic; issue: RequestFileIssue }[]>();

  /** Validates `document` and updates its diagnostics; returns the errors (empty when it can be sent). */
  validate(document: vscode.TextDocument): RequestFileIssue[] {
    if (!isRequestFileUri(document.uri)) return [];
    const { issues } = checkRequestFile(document.getText(), { strict: isStrictValidation(document.uri) });
    this.set(document.uri, issues, document);
    return issues.filter((i) => i.severity !== 'warning');
  }

  /** Shows the issues of a failed submit; returns how many there are. */
  showError(error: RequestFileError): number {
    const uri = toUri(error.file);
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    this.set(uri, error.issues, document);
    return error.issues.length;
  }

  /**
   * The issue behind a diagnostic VS Code hands back (to code actions: a copy, matched here by source,
   * message and range), for its fix.
   */
  issueOf(uri: vscode.Uri, diagnostic: vscode.Diagnostic): RequestFileIssue | undefined {
    if (diagnostic.source !== 'LTX Jobs') return undefined;
    const ours = this.shown
      .get(uri.toString())
      ?.find(
        (d) => d.diagnostic.message === diagnostic.message && d.diagnostic.range.isEqual(diagnostic.range),
      );
    return ours?.issue;
  }

  /** Drops the diagnostics of `uri`. */
  clear(uri: vscode.Uri): void {
    this.collection.delete(uri);
    this.shown.delete(uri.toString());
  }

  /** The current diagnostics of `uri` (empty when none). */
  get(uri: vscode.Uri): readonly vscode.Diagnostic[] {
    return this.collection.get(uri) ?? [];
  }

  dispose(): void {
    this.collection.dispose();
  }

  private set(uri: vscode.Uri, issues: RequestFileIssue[], document: vscode.TextDocument | undefined): void {
    const shown = issues.filter((issue) => !reportedByVsCode(issue, document?.languageId));
    if (shown.length === 0) {
      this.clear(uri);
      return;
    }
    const entries = shown.map((issue) => ({
      diagnostic: diagnosticOf(issue, rangeOf(issue, document)),
      issue,
    }));
    this.shown.set(uri.toString(), entries);
    this.collection.set(
      uri,
      entries.map((e) => e.diagnostic),
    );
  }
}

/** The range of an issue: offset/length when known, else line/column, else the first line. */
export function rangeOf(issue: RequestFileIssue, document: vscode.TextDocument | undefined): vscode.Range {
  if (document !== undefined && issue.offset !== undefined) {
    const start = document.positionAt(issue.offset);
    const end = document.positionAt(issue.offset + Math.max(1, issue.length ?? 1));
    return new vscode.Range(start, end);
  }
  const line = Math.max(0, (issue.line ?? 1) - 1);
  const column = Math.max(0, (issue.column ?? 1) - 1);
  return new vscode.Range(line, column, line, column + Math.max(1, issue.length ?? 1));
}

function toUri(file: string): vscode.Uri {
  return /^[a-z][a-z0-9+.-]+:\/\//i.test(file) ? vscode.Uri.parse(file) : vscode.Uri.file(file);
}

/** Milliseconds of typing quiet before an edited request file is validated again. Default 300. */
export const VALIDATE_DELAY_MS = 300;

/**
 * Validates request files on open, on edit (after {@link VALIDATE_DELAY_MS} of quiet, so a fixed
 * value clears its diagnostic before the file is saved), on save and when `ltxJobs.validation`
 * changes, and forgets them on close.
 */
export function registerRequestDiagnostics(
  context: vscode.ExtensionContext,
  diagnostics: RequestDiagnostics,
): void {
  const pending = new Map<string, NodeJS.Timeout>();
  const cancel = (uri: vscode.Uri) => {
    clearTimeout(pending.get(uri.toString()));
    pending.delete(uri.toString());
  };
  const validate = (document: vscode.TextDocument) => {
    cancel(document.uri);
    try {
      diagnostics.validate(document);
    } catch {
      // An unexpected validator failure must not break editing; the submit command reports it.
    }
  };
  const validateSoon = ({ document, contentChanges }: vscode.TextDocumentChangeEvent) => {
    if (contentChanges.length === 0 || !isRequestFileUri(document.uri)) return;
    cancel(document.uri);
    pending.set(
      document.uri.toString(),
      setTimeout(() => validate(document), VALIDATE_DELAY_MS),
    );
  };
  vscode.workspace.textDocuments.forEach(validate);
  context.subscriptions.push(
    diagnostics,
    vscode.workspace.onDidOpenTextDocument(validate),
    vscode.workspace.onDidChangeTextDocument(validateSoon),
    vscode.workspace.onDidSaveTextDocument(validate),
    vscode.workspace.onDidCloseTextDocument((d) => {
      cancel(d.uri);
      diagnostics.clear(d.uri);
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('ltxJobs.validation')) vscode.workspace.textDocuments.forEach(validate);
    }),
    { dispose: () => [...pending.values()].forEach(clearTimeout) },
  );
}
