import { join } from 'node:path';
import type * as vscode from 'vscode';
import { parseArg, UriArgSchema } from '../commands/args.js';
import { registerCommand } from '../commands/command-error.js';
import { workspaceIdentity, workspaceLedgerUri } from '../services/runner-factory.js';
import type { Services } from '../services/services.js';
import { Favourites } from './favourites.js';
import { GalleryPanel } from './gallery-panel.js';
import { openWithSound } from './sound.js';

/**
 * `ltxJobs.openGallery` (palette, Jobs view title, the "finished" notification). Favourites live
 * beside the workspace's ledger, so they survive reloads like the job list does.
 */
export function registerGallery(context: vscode.ExtensionContext, services: Services): void {
  let favourites: Promise<Favourites> | undefined;
  const open = async () => {
    favourites ??= Favourites.open(favouritesFile(context));
    GalleryPanel.show(services, await favourites);
  };
  void services.previews.prune().catch((error: unknown) => {
    services.logger.warn(`Could not prune the preview cache: ${String(error)}`);
  });
  context.subscriptions.push(
    registerCommand(services, 'ltxJobs.openGallery', open),
    registerCommand(services, 'ltxJobs.previewWithSound', (arg) => previewWithSound(services, arg)),
    { dispose: () => GalleryPanel.disposeCurrent() },
  );
}

/** `<globalStorage>/workspaces/<id>/favourites.json`, or `<globalStorage>/favourites.json` without a workspace. */
function favouritesFile(context: vscode.ExtensionContext): string {
  const identity = workspaceIdentity();
  if (identity === undefined) return join(context.globalStorageUri.fsPath, 'favourites.json');
  return join(workspaceLedgerUri(context.globalStorageUri, identity).fsPath, '..', 'favourites.json');
}

/** `ltxJobs.previewWithSound <uri>` (explorer `*.mp4`): the preview, with a sound copy for AAC audio. */
async function previewWithSound(services: Services, arg: unknown): Promise<void> {
  const uri = parseArg(UriArgSchema, arg, 'The file argument of "Preview with Sound"');
  if (uri.scheme !== 'file')
    throw new Error(`Only files on disk can be previewed with sound, not ${uri.toString()}`);
  await openWithSound(services, uri.fsPath);
}
