import * as vscode from 'vscode';
import type { Services } from '../services/services.js';
import { artifactNode, TAKE_COMMANDS, TAKE_TITLES } from '../takes/take-ids.js';
import type { GalleryCard } from './gallery-cards.js';
import { openInSystemPlayer, openWithSound } from './sound.js';

interface ActionItem extends vscode.QuickPickItem {
  run: () => Thenable<unknown>;
}

/**
 * The card's "Takes…" menu as a quick pick (keyboard-first, like every VS Code menu): the takes a
 * video can spawn, then opening, revealing and finding the job.
 */
export async function showCardActions(services: Services, card: GalleryCard): Promise<void> {
  const items: ActionItem[] = [];
  const { path } = card;
  if (card.kind === 'video' && path !== undefined) {
    const take = (action: keyof typeof TAKE_COMMANDS, detail: string): ActionItem => ({
      label: TAKE_TITLES[action],
      detail,
      run: () => vscode.commands.executeCommand(TAKE_COMMANDS[action], cardNode(card)),
    });
    items.push(
      take('extend', 'Add seconds at the end (or start) of this video'),
      take('retake', 'Regenerate a section of this video'),
      take('hdr', 'Convert this video to HDR (EXR frames)'),
      take('reframe', 'Outpaint this video to another aspect ratio'),
      { label: '', kind: vscode.QuickPickItemKind.Separator, run: async () => undefined },
    );
  }
  if (card.kind === 'image' && path !== undefined) {
    items.push(
      {
        label: TAKE_TITLES.animate,
        detail: 'Make a video from this image (image-to-video)',
        run: () => vscode.commands.executeCommand(TAKE_COMMANDS.animate, vscode.Uri.file(path)),
      },
      { label: '', kind: vscode.QuickPickItemKind.Separator, run: async () => undefined },
    );
  }
  if (path !== undefined) {
    items.push(
      {
        label: 'Open in Editor',
        run: () =>
          card.kind === 'video'
            ? openWithSound(services, path)
            : vscode.commands.executeCommand('vscode.open', vscode.Uri.file(path)),
      },
      { label: 'Open in System Player', run: () => openInSystemPlayer(services, path) },
      {
        label: 'Reveal in Explorer',
        run: () => vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(path)),
      },
    );
  }
  items.push({ label: 'Show in Jobs View', run: () => services.revealJob(card.ref) });
  const picked = await vscode.window.showQuickPick(items, {
    title: `${card.name}${card.label !== undefined ? ` · ${card.label}` : ''}`,
    placeHolder: 'What to do with this result',
  });
  await picked?.run();
}

/** A card as the argument of an item command: the tree's artifact node (or job node) shape. */
export function cardNode(card: GalleryCard): unknown {
  return card.label === undefined ? { kind: 'job', ref: card.ref } : artifactNode(card.ref, card.label);
}
