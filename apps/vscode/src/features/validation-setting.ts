import * as vscode from 'vscode';

/**
 * `ltxJobs.validation` for `scope`: `"strict"` makes values the capability table does not know (a
 * newer model id, size, fps or duration) errors that block the submit; `"standard"` (default) shows
 * them as warnings and sends the request.
 */
export function isStrictValidation(scope?: vscode.Uri): boolean {
  return vscode.workspace.getConfiguration('ltxJobs', scope ?? null).get('validation') === 'strict';
}
