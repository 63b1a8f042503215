import * as vscode from 'vscode';

/** True when `uri` names an existing file or folder (any file system VS Code knows). */
export async function fileExists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** True for `*.ltx.json` documents. */
export function isRequestFileUri(uri: vscode.Uri): boolean {
  return uri.path.toLowerCase().endsWith('.ltx.json');
}
