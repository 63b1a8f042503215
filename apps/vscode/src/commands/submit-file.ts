import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { isRequestFileUri } from '../features/request-diagnostics.js';
import { submitRequestFile } from '../features/submit-request.js';
import { submitRun } from '../runs/submit-run.js';
import type { Services } from '../services/services.js';
import { isTeamQueueSet, submitToTeam } from '../team/team-submit.js';
import { parseArg, titleArg, UriArgSchema } from './args.js';
import { orCancel } from './command-error.js';

/**
 * ltxJobs.submitFile [uri] [uris]: every file of the explorer's multi-selection (`uris`, one run),
 * else the given file, else the active `*.ltx.json` editor, else a pick over the workspace's
 * `**\/*.ltx.json` files. A file with `variations` is submitted as a run of its variants. A row of
 * the Jobs view (what VS Code hands the view's title button) is ignored.
 */
export async function submitFile(services: Services, arg?: unknown, all?: unknown): Promise<void> {
  const what = 'The file argument of "Submit Job from JSON File"';
  if (Array.isArray(all) && all.length > 1) {
    const uris = all.map((a) => parseArg(UriArgSchema, a, what));
    if (isTeamQueueSet()) await submitToTeam(services, uris, true);
    else await submitRun(services, uris);
    return;
  }
  const given = titleArg(arg);
  const uri =
    given === undefined || given === null ? await chooseRequestFile() : parseArg(UriArgSchema, given, what);
  const variations = await hasVariations(uri);
  // With ltxJobs.queue.url set, the team's workers run it (issue 14).
  if (isTeamQueueSet()) await submitToTeam(services, [uri], variations);
  else if (variations) await submitRun(services, [uri]);
  else await submitRequestFile(services, uri);
}

/** True when the request file (its editor text, saved or not) has a `variations` block. */
async function hasVariations(uri: vscode.Uri): Promise<boolean> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  const text =
    open?.getText() ?? (uri.scheme === 'file' ? await readFile(uri.fsPath, 'utf8').catch(() => '') : '');
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && 'variations' in parsed;
  } catch {
    // Not JSON: the single submit reports where it is wrong.
    return false;
  }
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
