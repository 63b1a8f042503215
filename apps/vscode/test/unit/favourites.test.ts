import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Favourites } from '../../src/gallery/favourites.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ltx-fav-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('Favourites', () => {
  it('persists marks across openings (as a reload would)', async () => {
    const file = join(dir, 'ws', 'favourites.json');
    const first = await Favourites.open(file);
    await first.set('ltx:text-to-video/a#video_url', true);
    await first.set('ltx:text-to-video/b#video_url', true);
    await first.set('ltx:text-to-video/a#video_url', false);
    const again = await Favourites.open(file);
    expect([...again.all]).toEqual(['ltx:text-to-video/b#video_url']);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
      favourites: ['ltx:text-to-video/b#video_url'],
    });
  });

  it('a burst of changes lands in order and leaves no temp file', async () => {
    const file = join(dir, 'favourites.json');
    const favourites = await Favourites.open(file);
    await Promise.all(Array.from({ length: 20 }, (_, i) => favourites.set(`k${i}`, i % 2 === 0)));
    expect((await Favourites.open(file)).all.size).toBe(10);
    const { readdir } = await import('node:fs/promises');
    expect(await readdir(dir)).toEqual(['favourites.json']);
  });

  it('an unreadable or foreign file counts as none', async () => {
    const file = join(dir, 'favourites.json');
    await writeFile(file, '{ broken');
    expect((await Favourites.open(file)).all.size).toBe(0);
    await writeFile(file, JSON.stringify({ favourites: 'all' }));
    expect((await Favourites.open(file)).all.size).toBe(0);
  });
});
