import * as vscode from 'vscode';
import { isRequestFileUri } from '../features/request-diagnostics.js';
import { submitRequestFile } from '../features/submit-request.js';
import type { Services } from '../services/services.js';
import { parseArg, UriArgSchema } from './args.js';
import { orCancel } from './command-error.js';

/**
 * ltxJobs.submitFile [uri]: the given file, else the active `*.ltx.json` editor, else a pick over
 * the workspace's `**\/*.ltx.json` files.
 */
export async function submitFile(services: Services, arg?: unknown): Promise<void> {
  const uri =
    arg === undefined || arg === null
      ? await chooseRequestFile()
      : parseArg(UriArgSchema, arg, 'The file argument of "Submit Job from JSON File"');
  await submitRequestFile(services, uri);
}

async function chooseRequestFile(): Promise<vscode.Uri> {
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active !== undefined && isRequestFileUri(active)) return active;
  const files = await vscode.workspace.findFiles('**/*.ltx.json', '**/node_modules/**', 200);
  if (files.length === 0) {
    void vscode.window
      .showInformationMessage(
        'There is no *.ltx.json request file in this workspace.',
        'Create an Example Request File',
      )
      .then((create) => {
        if (create !== undefined) void vscode.commands.executeCommand('ltxJobs.createExample');
      });
    return orCancel<vscode.Uri>(undefined);
  }
  const picked = await vscode.window.showQuickPick(
    files
      .sort((a, b) => a.path.localeCompare(b.path))
      .map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
    { placeHolder: 'Request file to submit (billed)' },
  );
  return orCancel(picked).uri;
}
