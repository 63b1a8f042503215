import { z } from 'zod';
import type { GalleryCard } from './gallery-cards.js';

/** Cards per page. Hundreds of results stay light: the webview renders one page at a time. */
export const PAGE_SIZE = 24;

/** States the filter offers: `running` covers queued/running/unknown, `failed` covers failed/expired. */
export const STATE_FILTERS = ['all', 'succeeded', 'running', 'failed'] as const;

/** What the gallery shows: filters, sort, grouping and page. Sent by the webview; parsed with zod. */
export const GalleryQuerySchema = z.strictObject({
  state: z.enum(STATE_FILTERS).default('all'),
  /** A model id, or `all`. */
  model: z.string().min(1).max(200).default('all'),
  /** An endpoint, or `all`. */
  endpoint: z.string().min(1).max(200).default('all'),
  favourites: z.boolean().default(false),
  sort: z.enum(['date', 'duration', 'resolution']).default('date'),
  order: z.enum(['desc', 'asc']).default('desc'),
  /** Keep takes right after their source (sorted as a group by its best card). */
  group: z.boolean().default(true),
  /** 0-based; clamped to the last page. */
  page: z.number().int().min(0).max(1_000_000).default(0),
});
/** A parsed gallery query. */
export type GalleryQuery = z.infer<typeof GalleryQuerySchema>;

/** The query of a freshly opened gallery: everything, newest first, takes grouped. */
export const DEFAULT_QUERY: GalleryQuery = GalleryQuerySchema.parse({});

/** One page of the gallery and what the filters can offer. */
export interface GalleryPage {
  cards: GalleryCard[];
  /** Cards that match the filters. */
  matching: number;
  /** Cards in all. */
  total: number;
  /** The page shown (clamped) and how many there are (at least 1). */
  page: number;
  pageCount: number;
  /** Models and endpoints among all cards, sorted. */
  models: string[];
  endpoints: string[];
}

function stateMatches(filter: GalleryQuery['state'], card: GalleryCard): boolean {
  if (filter === 'all') return true;
  if (filter === 'succeeded') return card.state === 'succeeded';
  if (filter === 'failed') return card.state === 'failed' || card.state === 'expired';
  return card.state === 'queued' || card.state === 'running' || card.state === 'unknown';
}

/** True when `card` passes every filter of `query`. */
export function matches(query: GalleryQuery, card: GalleryCard): boolean {
  return (
    stateMatches(query.state, card) &&
    (query.model === 'all' || card.model === query.model) &&
    (query.endpoint === 'all' || card.endpoint === query.endpoint) &&
    (!query.favourites || card.favourite)
  );
}

const SORT_VALUE: Record<GalleryQuery['sort'], (card: GalleryCard) => number | undefined> = {
  date: (c) => Date.parse(c.submittedAt),
  duration: (c) => c.durationSeconds,
  resolution: (c) => c.pixels,
};

/** A card with its sort value and submit time computed once (not in every comparison). */
interface Keyed {
  card: GalleryCard;
  value: number | undefined;
  time: number;
}

/**
 * Compares by the query's sort; a card without the value (a running job's length) goes last in
 * either order; ties go newest first.
 */
function comparator(query: GalleryQuery): (a: Keyed, b: Keyed) => number {
  const sign = query.order === 'asc' ? 1 : -1;
  return (a, b) => {
    if (a.value !== b.value) {
      if (a.value === undefined || Number.isNaN(a.value)) return 1;
      if (b.value === undefined || Number.isNaN(b.value)) return -1;
      return sign * (a.value - b.value);
    }
    return b.time - a.time;
  };
}

/**
 * Filters, sorts, groups and pages `cards`. Grouped, each take tree is one block (its source first,
 * then its takes in the order they were made) placed by its best card under the sort.
 */
export function queryGallery(cards: readonly GalleryCard[], query: GalleryQuery): GalleryPage {
  const compare = comparator(query);
  const value = SORT_VALUE[query.sort];
  const shown: Keyed[] = [];
  for (const card of cards) {
    if (matches(query, card)) shown.push({ card, value: value(card), time: Date.parse(card.submittedAt) });
  }
  let ordered: GalleryCard[];
  if (query.group) {
    const groups = new Map<string, Keyed[]>();
    for (const keyed of shown) {
      const members = groups.get(keyed.card.group);
      if (members) members.push(keyed);
      else groups.set(keyed.card.group, [keyed]);
    }
    const blocks = [...groups.values()].map((members) => ({
      best: members.reduce((best, m) => (compare(m, best) < 0 ? m : best)),
      members: members.sort((a, b) => a.time - b.time || a.card.depth - b.card.depth),
    }));
    blocks.sort((a, b) => compare(a.best, b.best));
    ordered = blocks.flatMap((b) => b.members.map((m) => m.card));
  } else {
    ordered = shown.sort(compare).map((k) => k.card);
  }
  const pageCount = Math.max(1, Math.ceil(ordered.length / PAGE_SIZE));
  const page = Math.min(query.page, pageCount - 1);
  const distinct = (values: (string | undefined)[]) =>
    [...new Set(values.filter((v): v is string => v !== undefined))].sort();
  return {
    cards: ordered.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE),
    matching: ordered.length,
    total: cards.length,
    page,
    pageCount,
    models: distinct(cards.map((c) => c.model)),
    endpoints: distinct(cards.map((c) => c.endpoint)),
  };
}
