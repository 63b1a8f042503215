import { formatAge } from '@ltx-jobs/core';
import { z } from 'zod';
import type { GalleryCard } from './gallery-cards.js';
import { lengthText } from './gallery-cards.js';
import { type GalleryPage, type GalleryQuery, GalleryQuerySchema } from './gallery-query.js';

/** A card key as the webview sends it back (`<ref>#<label>` or a ref). */
const CardKeySchema = z.string().min(1).max(1000);

/** Takes a card offers (Animate is for images in the explorer). */
export const CARD_TAKES = ['extend', 'retake', 'hdr', 'reframe'] as const;

/**
 * Every message the gallery webview may send. The webview is treated like any untrusted client:
 * anything that does not parse is dropped (and logged), never acted on.
 */
export const WebviewMessageSchema = z.discriminatedUnion('type', [
  /** The page loaded its script and wants the first page. */
  z.strictObject({ type: z.literal('ready') }),
  /** New filters, sort or page. */
  z.strictObject({ type: z.literal('query'), query: GalleryQuerySchema }),
  z.strictObject({ type: z.literal('favourite'), key: CardKeySchema, favourite: z.boolean() }),
  /** The user pressed play: the host answers with the file to play (a sound copy for AAC when it can). */
  z.strictObject({ type: z.literal('play'), key: CardKeySchema }),
  /** The card's "Takes…" button: the host shows the actions in a quick pick. */
  z.strictObject({ type: z.literal('actions'), key: CardKeySchema }),
  z.strictObject({ type: z.literal('take'), key: CardKeySchema, action: z.enum(CARD_TAKES) }),
  z.strictObject({ type: z.literal('open'), key: CardKeySchema }),
  z.strictObject({ type: z.literal('systemPlayer'), key: CardKeySchema }),
  /** Compare opened or closed with these cards (for the log and the tests; the webview does the work). */
  z.strictObject({ type: z.literal('compare'), keys: z.array(CardKeySchema).min(2).max(4) }),
]);
/** A parsed webview message. */
export type WebviewMessage = z.infer<typeof WebviewMessageSchema>;

/** What one card shows, with webview URIs instead of paths. */
export interface CardView {
  key: string;
  kind: GalleryCard['kind'];
  name: string;
  prompt?: string;
  /** `ltx-2-3-fast · 1920x1080 · 6 s · ≈ $0.18`. */
  meta: string;
  /** `3m ago`. */
  age: string;
  state: GalleryCard['state'];
  stateText: string;
  endpoint: string;
  favourite: boolean;
  depth: number;
  /** `take of lighthouse (extend)`. */
  takeOf?: string;
  /** `aac-silent`: plays without sound here (no ffmpeg); `aac-copy`: a sound copy is used. */
  sound?: 'aac-silent' | 'aac-copy' | 'ok';
  /** The file (webview URI) for the video element or image; absent until downloaded. */
  src?: string;
  /** A poster frame (webview URI), when one was made. */
  poster?: string;
  /** Video takes can start from it. */
  canTake: boolean;
  /** The card as an item command argument (what the webview's context menu hands the take commands). */
  node: { kind: 'artifact'; ref: string; key: string } | { kind: 'job'; ref: string };
}

/** Messages the host sends to the webview. */
export type HostMessage =
  | {
      type: 'page';
      query: GalleryQuery;
      cards: CardView[];
      page: Omit<GalleryPage, 'cards'>;
      /** False: no ffmpeg, so AAC plays silently and posters come from the video element. */
      ffmpeg: boolean;
    }
  /** A poster or a playable file became ready (or failed) for a card. */
  | { type: 'media'; key: string; poster?: string; play?: string; error?: string };

/** `just now`, `3m ago`, `2h ago`, `3d ago` (core's formatAge, as the Jobs view and the CLI say it). */
export function ageText(submittedAt: string, now: number): string {
  const at = Date.parse(submittedAt);
  return Number.isNaN(at) ? '' : formatAge(at, now);
}

/** Builds what a card shows; `uri` turns a local path into a webview URI. */
export function cardView(
  card: GalleryCard,
  now: number,
  media: { src?: string | undefined; poster?: string | undefined; ffmpeg: boolean },
): CardView {
  const meta = [
    card.model,
    card.resolution,
    card.durationSeconds === undefined ? undefined : lengthText(card.durationSeconds),
    card.cost,
  ].filter((part): part is string => part !== undefined);
  const view: CardView = {
    key: card.key,
    kind: card.kind,
    name: card.name,
    meta: meta.length > 0 ? meta.join(' · ') : card.endpoint,
    age: ageText(card.submittedAt, now),
    state: card.state,
    stateText: card.stateText,
    endpoint: card.endpoint,
    favourite: card.favourite,
    depth: card.depth,
    canTake: card.kind === 'video' && card.path !== undefined,
    node:
      card.label === undefined
        ? { kind: 'job', ref: card.ref }
        : { kind: 'artifact', ref: card.ref, key: card.label },
  };
  if (card.prompt !== undefined) view.prompt = card.prompt;
  if (card.takeOf !== undefined) view.takeOf = `take of ${card.takeOf.name} (${card.takeOf.endpoint})`;
  if (card.sound !== undefined)
    view.sound = card.sound === 'aac' ? (media.ffmpeg ? 'aac-copy' : 'aac-silent') : 'ok';
  if (media.src !== undefined) view.src = media.src;
  if (media.poster !== undefined) view.poster = media.poster;
  return view;
}
