import { dirname } from 'node:path';
import { formatEstimate, isKnownCost, type JobRecord } from '@ltx-jobs/core';
import * as vscode from 'vscode';
import type { Services } from '../services/services.js';
import { TAKE_COMMANDS } from '../takes/take-ids.js';
import { cardNode, showCardActions } from './card-actions.js';
import type { Favourites } from './favourites.js';
import { type GalleryCard, galleryCards } from './gallery-cards.js';
import { createNonce, galleryHtml } from './gallery-html.js';
import { cardView, type HostMessage, type WebviewMessage, WebviewMessageSchema } from './gallery-protocol.js';
import { DEFAULT_QUERY, type GalleryQuery, queryGallery } from './gallery-query.js';
import { openInSystemPlayer, openWithSound, tellSilentOnce } from './sound.js';

/** View type of the gallery panel. */
export const GALLERY_VIEW_TYPE = 'ltxJobs.gallery';
/** Redraws after changes wait this long for more (ms), so a burst of updates draws once. */
const REDRAW_DELAY_MS = 150;

/**
 * The gallery webview: one panel per window. Holds the query, turns the job store into cards (pure
 * `galleryCards` + `queryGallery`), sends one page at a time, and acts on the webview's messages,
 * each parsed with zod first. Media are read only from the output folders and the preview cache.
 */
export class GalleryPanel implements vscode.Disposable {
  private static current: GalleryPanel | undefined;
  private query: GalleryQuery = DEFAULT_QUERY;
  private cards: GalleryCard[] = [];
  private readonly posters = new Map<string, string>();
  private readonly disposables: vscode.Disposable[] = [];
  private redrawTimer: NodeJS.Timeout | undefined;
  private roots = '';
  private disposed = false;

  /** Shows the gallery, creating it on first use. */
  static show(services: Services, favourites: Favourites): GalleryPanel {
    if (GalleryPanel.current) {
      GalleryPanel.current.panel.reveal();
      return GalleryPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(
      GALLERY_VIEW_TYPE,
      'LTX Gallery',
      vscode.ViewColumn.Active,
      { enableScripts: true, enableForms: false, localResourceRoots: [] },
    );
    GalleryPanel.current = new GalleryPanel(panel, services, favourites);
    return GalleryPanel.current;
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly services: Services,
    private readonly favourites: Favourites,
  ) {
    panel.iconPath = vscode.Uri.joinPath(services.context.extensionUri, 'media', 'ltx-jobs.svg');
    this.updateRoots();
    const webview = panel.webview;
    const media = vscode.Uri.joinPath(services.context.extensionUri, 'media', 'gallery');
    webview.html = galleryHtml({
      cspSource: webview.cspSource,
      nonce: createNonce(),
      scriptUris: ['gallery-card.js', 'gallery-compare.js', 'gallery.js'].map((file) =>
        webview.asWebviewUri(vscode.Uri.joinPath(media, file)).toString(),
      ),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'gallery.css')).toString(),
    });
    const offStore = services.store.onDidChange(() => this.scheduleRedraw());
    const offFacts = services.previews.onDidChange(() => this.scheduleRedraw());
    this.disposables.push(
      webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)),
      panel.onDidDispose(() => this.dispose()),
      { dispose: offStore },
      { dispose: offFacts },
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('ltxJobs.ffmpegPath')) this.scheduleRedraw();
      }),
    );
  }

  /** Closes the gallery of this window, if open (on deactivation). */
  static disposeCurrent(): void {
    GalleryPanel.current?.dispose();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (GalleryPanel.current === this) GalleryPanel.current = undefined;
    clearTimeout(this.redrawTimer);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }

  private async receive(raw: unknown): Promise<void> {
    const parsed = WebviewMessageSchema.safeParse(raw);
    if (!parsed.success) {
      this.services.logger.warn(`Gallery: ignored a message that is not valid: ${parsed.error.message}`);
      return;
    }
    try {
      await this.handle(parsed.data);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.services.logger.error(`Gallery: ${parsed.data.type} failed: ${message}`);
      void vscode.window.showErrorMessage(`LTX Gallery: ${message}`);
    }
  }

  private async handle(message: WebviewMessage): Promise<void> {
    if (message.type === 'ready') return this.redraw();
    if (message.type === 'query') {
      this.query = message.query;
      return this.redraw();
    }
    if (message.type === 'compare') {
      this.services.logger.info(`Gallery: comparing ${message.keys.join(', ')}`);
      return;
    }
    const card = this.cards.find((c) => c.key === message.key);
    if (card === undefined) throw new Error('that result is no longer in the list');
    switch (message.type) {
      case 'favourite':
        await this.favourites.set(card.key, message.favourite);
        return this.redraw();
      case 'play':
        return this.play(card);
      case 'actions':
        return showCardActions(this.services, card);
      case 'take':
        await vscode.commands.executeCommand(TAKE_COMMANDS[message.action], cardNode(card));
        return;
      case 'open':
        if (card.path === undefined) return void vscode.commands.executeCommand('ltxJobs.showJobs', card.ref);
        return card.kind === 'video'
          ? openWithSound(this.services, card.path)
          : void vscode.commands.executeCommand('vscode.open', vscode.Uri.file(card.path));
      case 'systemPlayer':
        if (card.path !== undefined) await openInSystemPlayer(this.services, card.path);
        return;
    }
  }

  /** Answers a play request with the file to play: a sound copy of AAC when ffmpeg can make one. */
  private async play(card: GalleryCard): Promise<void> {
    if (card.path === undefined) return;
    const playable = await this.services.previews.playable(card.path);
    this.post({ type: 'media', key: card.key, play: this.uri(playable.path) });
    if (playable.sound === 'silent') await tellSilentOnce(this.services, card.path);
  }

  private scheduleRedraw(): void {
    clearTimeout(this.redrawTimer);
    this.redrawTimer = setTimeout(() => void this.redraw(), REDRAW_DELAY_MS);
  }

  private async redraw(): Promise<void> {
    const records = this.services.store.list();
    this.updateRoots(records);
    const { previews } = this.services;
    const ffmpeg = (await previews.ffmpeg()).found;
    this.cards = galleryCards(records, {
      favourites: this.favourites.all,
      facts: (path) => previews.factsOf(path),
      cost: costText,
    });
    const page = queryGallery(this.cards, this.query);
    const now = Date.now();
    const cards = page.cards.map((card) =>
      cardView(card, now, {
        ffmpeg,
        src: card.path === undefined ? undefined : this.uri(card.path),
        poster: card.path === undefined ? undefined : this.posters.get(card.path),
      }),
    );
    const { cards: _shown, ...info } = page;
    this.post({ type: 'page', query: { ...this.query, page: page.page }, cards, page: info, ffmpeg });
    previews.readMissingFacts(this.cards.flatMap((card) => (card.path === undefined ? [] : [card.path])));
    if (ffmpeg) for (const card of page.cards) void this.makePoster(card);
  }

  private async makePoster(card: GalleryCard): Promise<void> {
    if (card.kind !== 'video' || card.path === undefined || this.posters.has(card.path)) return;
    const poster = await this.services.previews.poster(card.path);
    if (poster === undefined) return;
    this.posters.set(card.path, this.uri(poster));
    this.post({ type: 'media', key: card.key, poster: this.uri(poster) });
  }

  /**
   * The webview may read only the extension's gallery assets, the preview cache and the folders that
   * hold downloaded artifacts (recomputed as jobs download into new folders).
   */
  private updateRoots(records: readonly JobRecord[] = this.services.store.list()): void {
    const folders = new Set<string>();
    for (const record of records) for (const d of record.downloads) folders.add(dirname(d.path));
    const list = [...folders].sort();
    const key = list.join('\n');
    if (key === this.roots) return;
    this.roots = key;
    const { context } = this.services;
    this.panel.webview.options = {
      enableScripts: true,
      enableForms: false,
      localResourceRoots: [
        vscode.Uri.joinPath(context.extensionUri, 'media'),
        vscode.Uri.joinPath(context.globalStorageUri, 'previews'),
        ...list.map((folder) => vscode.Uri.file(folder)),
      ],
    };
  }

  private uri(path: string): string {
    return this.panel.webview.asWebviewUri(vscode.Uri.file(path)).toString();
  }

  private post(message: HostMessage): void {
    void this.panel.webview.postMessage(message);
  }
}

/** The record's cost estimate as text (`≈ $0.18`), when it has a figure (none for "unknown"). */
function costText(record: JobRecord): string | undefined {
  return isKnownCost(record.estimate) ? formatEstimate(record.estimate) : undefined;
}
