import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { Services } from '../services/services.js';

let toldSilent = false;

/**
 * Says once per window, plainly, that VS Code plays AAC audio silently, and offers the system's
 * player (and the setting, when no ffmpeg was found).
 */
export async function tellSilentOnce(services: Services, path: string): Promise<void> {
  if (toldSilent) return;
  toldSilent = true;
  const found = await services.previews.ffmpeg();
  const why = found.found ? '' : ` (${found.reason})`;
  services.logger.info(`${path} has AAC audio and no sound copy can be made${why}`);
  const choice = await vscode.window.showInformationMessage(
    `"${basename(path)}" has AAC audio, which VS Code's player cannot decode: in the editor it plays without sound. Install ffmpeg or set ltxJobs.ffmpegPath to hear it here${why}.`,
    'Open in System Player',
    'Set ffmpeg Path',
  );
  if (choice === 'Open in System Player') await openInSystemPlayer(services, path);
  if (choice === 'Set ffmpeg Path')
    await vscode.commands.executeCommand('workbench.action.openSettings', 'ltxJobs.ffmpegPath');
}

/** Hands the file to the operating system's default player (never changes it). */
export async function openInSystemPlayer(services: Services, path: string): Promise<void> {
  const opened = await vscode.env.openExternal(vscode.Uri.file(path));
  if (!opened) {
    services.logger.warn(`The system did not open ${path}`);
    void vscode.window.showWarningMessage(`The system could not open ${path}.`);
  }
}

/**
 * Opens a downloaded file in VS Code. An MP4 with AAC audio opens as its sound copy (video stream
 * copied, audio MP3/FLAC) when ffmpeg is available; without, it opens as it is, and the user is told
 * once that it will be silent. The artifact itself is never changed.
 */
export async function openWithSound(services: Services, path: string): Promise<void> {
  const playable = await services.previews.playable(path);
  await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(playable.path));
  if (playable.sound === 'silent') await tellSilentOnce(services, path);
}
