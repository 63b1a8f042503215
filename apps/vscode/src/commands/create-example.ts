import * as vscode from 'vscode';
import type { Services } from '../services/services.js';
import { fileExists } from '../services/workspace-files.js';

/** A valid text-to-video request: what "Create an Example Request File" writes. */
export const EXAMPLE_REQUEST = {
  provider: 'ltx',
  endpoint: 'text-to-video',
  name: 'example',
  request: {
    prompt:
      'A slow aerial shot of a lighthouse on a rocky coast at dawn, waves breaking below, warm golden light',
    model: 'ltx-2-3-fast',
    resolution: '1920x1080',
    duration: 6,
    fps: 24,
    generate_audio: true,
  },
};

/** ltxJobs.createExample: writes `example.ltx.json` (or `example-N.ltx.json`) into the first folder and opens it. */
export async function createExample(services: Services): Promise<vscode.Uri | undefined> {
  const text = `${JSON.stringify(EXAMPLE_REQUEST, null, 2)}\n`;
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (folder === undefined) {
    const document = await vscode.workspace.openTextDocument({ language: 'json', content: text });
    await vscode.window.showTextDocument(document);
    void vscode.window.showInformationMessage('Save it as <name>.ltx.json inside a folder to submit it.');
    return undefined;
  }
  let uri = vscode.Uri.joinPath(folder.uri, 'example.ltx.json');
  for (let n = 2; await fileExists(uri); n++) uri = vscode.Uri.joinPath(folder.uri, `example-${n}.ltx.json`);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  services.logger.info(`Created ${uri.toString()}`);
  await vscode.window.showTextDocument(uri);
  return uri;
}
