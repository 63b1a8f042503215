import {
  isRequestFileError,
  parseRequestFile,
  type RequestFileError,
  type RequestFileIssue,
} from '@ltx-jobs/core';
import * as vscode from 'vscode';

/** True for `*.ltx.json` documents. */
export function isRequestFileUri(uri: vscode.Uri): boolean {
  return uri.path.toLowerCase().endsWith('.ltx.json');
}

/**
 * Problems of `*.ltx.json` files, from the core's validator: shown on open, edit and save and when a
 * submit fails validation; cleared once the file is valid or closed.
 */
export class RequestDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('ltx-jobs');

  /** Validates `document` and updates its diagnostics; returns the issues (empty when valid). */
  validate(document: vscode.TextDocument): RequestFileIssue[] {
    if (!isRequestFileUri(document.uri)) return [];
    try {
      parseRequestFile(document.getText(), document.uri.toString());
      this.collection.delete(document.uri);
      return [];
    } catch (error) {
      if (!isRequestFileError(error)) throw error;
      this.set(document.uri, error.issues, document);
      return error.issues;
    }
  }

  /** Shows the issues of a failed submit; returns how many there are. */
  showError(error: RequestFileError): number {
    const uri = toUri(error.file);
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    this.set(uri, error.issues, document);
    return error.issues.length;
  }

  /** Drops the diagnostics of `uri`. */
  clear(uri: vscode.Uri): void {
    this.collection.delete(uri);
  }

  /** The current diagnostics of `uri` (empty when none). */
  get(uri: vscode.Uri): readonly vscode.Diagnostic[] {
    return this.collection.get(uri) ?? [];
  }

  dispose(): void {
    this.collection.dispose();
  }

  private set(uri: vscode.Uri, issues: RequestFileIssue[], document: vscode.TextDocument | undefined): void {
    this.collection.set(
      uri,
      issues.map((issue) => {
        const diagnostic = new vscode.Diagnostic(
          rangeOf(issue, document),
          `${issue.path}: ${issue.message}`,
          vscode.DiagnosticSeverity.Error,
        );
        diagnostic.source = 'LTX Jobs';
        return diagnostic;
      }),
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
 * value clears its diagnostic before the file is saved) and on save, and forgets them on close.
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
    { dispose: () => [...pending.values()].forEach(clearTimeout) },
  );
}
