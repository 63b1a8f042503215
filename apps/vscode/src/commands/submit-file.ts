import * as vscode from 'vscode';
import { isRequestFileUri } from '../features/request-diagnostics.js';
import { submitRequestFiles } from '../features/submit-many.js';
import { submitRequestFile } from '../features/submit-request.js';
import type { Services } from '../services/services.js';
import { parseArg, titleArg, UriArgSchema } from './args.js';
import { orCancel } from './command-error.js';

/**
 * ltxJobs.submitFile [uri] [uris]: every file of the explorer's multi-selection (`uris`), else the
 * given file, else the active `*.ltx.json` editor, else a pick over the workspace's `**\/*.ltx.json`
 * files. A row of the Jobs view (what VS Code hands the view's title button) is ignored.
 */
export async function submitFile(services: Services, arg?: unknown, all?: unknown): Promise<void> {
  const what = 'The file argument of "Submit Job from JSON File"';
  if (Array.isArray(all) && all.length > 1) {
    const uris = all.map((a) => parseArg(UriArgSchema, a, what));
    await submitRequestFiles(services, uris);
    return;
  }
  const given = titleArg(arg);
  const uri =
    given === undefined || given === null ? await chooseRequestFile() : parseArg(UriArgSchema, given, what);
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
