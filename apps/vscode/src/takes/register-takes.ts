import { TAKE_ACTION_SPECS, TAKE_ACTIONS, type TakeAction, writeTakeRequest } from '@ltx-jobs/core';
import * as vscode from 'vscode';
import { registerCommand } from '../commands/command-error.js';
import { requireTrust } from '../features/trust.js';
import type { Services } from '../services/services.js';
import { baseName } from '../view-model/format.js';
import { TAKE_COMMANDS, TAKE_TITLES } from './take-ids.js';
import { takeSourcePath } from './take-source.js';

/**
 * Extend…, Retake…, Make HDR, Reframe… (a video result: tree item, gallery card, explorer `*.mp4`)
 * and Animate with LTX (an image in the explorer). Each writes a prefilled request file beside its
 * source and opens it with the prompt selected; submitting it records the job as a take of the source.
 */
export function registerTakes(context: vscode.ExtensionContext, services: Services): void {
  for (const action of TAKE_ACTIONS) {
    context.subscriptions.push(
      registerCommand(services, TAKE_COMMANDS[action], (arg) => startTake(services, action, arg)),
    );
  }
}

/** Writes the take's request file and opens it at its prompt. Returns the file's URI. */
export async function startTake(services: Services, action: TakeAction, arg: unknown): Promise<vscode.Uri> {
  requireTrust('create take request files');
  const source = await takeSourcePath(services, action, arg);
  const take = await writeTakeRequest(action, source);
  const uri = vscode.Uri.file(take.path);
  const document = await vscode.workspace.openTextDocument(uri);
  const start = document.positionAt(take.focus.offset);
  const end = document.positionAt(take.focus.offset + take.focus.length);
  await vscode.window.showTextDocument(document, { selection: new vscode.Range(start, end), preview: false });
  const what = TAKE_ACTION_SPECS[action].focus === 'prompt' ? 'the prompt' : TAKE_ACTION_SPECS[action].focus;
  services.logger.info(`${TAKE_TITLES[action]} ${source}: wrote ${take.path}`);
  vscode.window.setStatusBarMessage(
    `$(edit) ${baseName(take.path)}: edit ${what}, then Submit (billed)`,
    10_000,
  );
  return uri;
}
