import { describe, expect, it } from 'vitest';
import type { GalleryCard } from '../../src/gallery/gallery-cards.js';
import {
  DEFAULT_QUERY,
  GalleryQuerySchema,
  PAGE_SIZE,
  queryGallery,
} from '../../src/gallery/gallery-query.js';

let n = 0;
function card(overrides: Partial<GalleryCard> = {}): GalleryCard {
  n++;
  const ref = overrides.ref ?? `ltx:text-to-video/${n}`;
  return {
    key: `${ref}#video_url`,
    ref,
    label: 'video_url',
    kind: 'video',
    name: `card-${n}`,
    endpoint: 'text-to-video',
    provider: 'ltx',
    state: 'succeeded',
    stateText: 'succeeded',
    submittedAt: new Date(Date.UTC(2026, 10, 23, 10, 0, n)).toISOString(),
    favourite: false,
    group: ref,
    depth: 0,
    ...overrides,
  };
}
const names = (cards: GalleryCard[]) => cards.map((c) => c.name);
const query = (over: Partial<typeof DEFAULT_QUERY>) => ({ ...DEFAULT_QUERY, ...over });

describe('queryGallery', () => {
  const fast = card({ name: 'fast', model: 'ltx-2-3-fast', durationSeconds: 6, pixels: 1920 * 1080 });
  const pro = card({
    name: 'pro',
    model: 'ltx-2-3-pro',
    durationSeconds: 10,
    pixels: 1280 * 720,
    favourite: true,
  });
  const running = card({ name: 'running', kind: 'pending', state: 'running', model: 'ltx-2-3-fast' });
  const failed = card({ name: 'failed', kind: 'pending', state: 'failed', endpoint: 'extend' });
  const expired = card({ name: 'expired', state: 'expired' });
  const all = [fast, pro, running, failed, expired];

  it('newest first by default, with the models and endpoints the filters offer', () => {
    const page = queryGallery(all, DEFAULT_QUERY);
    expect(names(page.cards)).toEqual(['expired', 'failed', 'running', 'pro', 'fast']);
    expect(page).toMatchObject({ matching: 5, total: 5, page: 0, pageCount: 1 });
    expect(page.models).toEqual(['ltx-2-3-fast', 'ltx-2-3-pro']);
    expect(page.endpoints).toEqual(['extend', 'text-to-video']);
  });

  it.each([
    [{ state: 'succeeded' }, ['pro', 'fast']],
    [{ state: 'running' }, ['running']],
    [{ state: 'failed' }, ['expired', 'failed']],
    [{ model: 'ltx-2-3-fast' }, ['running', 'fast']],
    [{ endpoint: 'extend' }, ['failed']],
    [{ favourites: true }, ['pro']],
    [{ favourites: true, model: 'ltx-2-3-fast' }, []],
  ] as const)('filter %j', (filter, expected) => {
    const page = queryGallery(all, query(filter));
    expect(names(page.cards)).toEqual(expected);
    expect(page.total).toBe(5);
  });

  it.each([
    [{ sort: 'duration' }, ['pro', 'fast', 'expired', 'failed', 'running']],
    [{ sort: 'duration', order: 'asc' }, ['fast', 'pro', 'expired', 'failed', 'running']],
    [{ sort: 'resolution' }, ['fast', 'pro', 'expired', 'failed', 'running']],
    [{ sort: 'date', order: 'asc' }, ['fast', 'pro', 'running', 'failed', 'expired']],
  ] as const)('sort %j (cards without the value last, then newest first)', (sort, expected) => {
    expect(names(queryGallery(all, query(sort)).cards)).toEqual(expected);
  });

  it('groups a take tree after its best card: source first, then its takes in the order they were made', () => {
    const root = card({ name: 'root', durationSeconds: 4 });
    const other = card({ name: 'other', durationSeconds: 8 });
    const take = card({ name: 'take', group: root.ref, depth: 1, durationSeconds: 12 });
    const takeOfTake = card({ name: 'take2', group: root.ref, depth: 2, durationSeconds: 2 });
    const cards = [takeOfTake, other, take, root];
    expect(names(queryGallery(cards, query({ sort: 'duration' })).cards)).toEqual([
      'root',
      'take',
      'take2',
      'other',
    ]);
    expect(names(queryGallery(cards, query({ sort: 'duration', group: false })).cards)).toEqual([
      'take',
      'other',
      'root',
      'take2',
    ]);
    // a source the filters hide leaves its matching takes where the group stands
    const proTake = card({ name: 'pro-take', group: root.ref, depth: 1, model: 'ltx-2-3-pro' });
    const proOther = card({ name: 'pro-other', model: 'ltx-2-3-pro' });
    expect(names(queryGallery([proOther, proTake, ...cards], query({ model: 'ltx-2-3-pro' })).cards)).toEqual(
      ['pro-other', 'pro-take'],
    );
  });

  it('pages hundreds of cards 24 at a time and clamps a page past the end', () => {
    const many = Array.from({ length: 500 }, () => card());
    const first = queryGallery(many, DEFAULT_QUERY);
    expect(first.cards).toHaveLength(PAGE_SIZE);
    expect(first.pageCount).toBe(Math.ceil(500 / PAGE_SIZE));
    const last = queryGallery(many, query({ page: 9999 }));
    expect(last.page).toBe(first.pageCount - 1);
    expect(last.cards).toHaveLength(500 - PAGE_SIZE * (first.pageCount - 1));
    const seen = new Set<string>();
    for (let p = 0; p < first.pageCount; p++)
      for (const c of queryGallery(many, query({ page: p })).cards) seen.add(c.key);
    expect(seen.size).toBe(500);
    expect(queryGallery([], DEFAULT_QUERY)).toMatchObject({ cards: [], pageCount: 1, page: 0 });
  });

  it('the query from the webview is parsed strictly', () => {
    expect(GalleryQuerySchema.parse({})).toEqual(DEFAULT_QUERY);
    expect(GalleryQuerySchema.safeParse({ sort: 'size' }).success).toBe(false);
    expect(GalleryQuerySchema.safeParse({ page: -1 }).success).toBe(false);
    expect(GalleryQuerySchema.safeParse({ page: 1.5 }).success).toBe(false);
    expect(GalleryQuerySchema.safeParse({ state: 'all', extra: true }).success).toBe(false);
  });
});
