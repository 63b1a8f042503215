import type { JobRecord, VideoFacts } from '@ltx-jobs/core';
import { describe, expect, it } from 'vitest';
import { galleryCards, kindOf } from '../../src/gallery/gallery-cards.js';
import { record, succeeded } from './records.js';

const facts = new Map<string, VideoFacts>();
const context = (favourites: string[] = []) => ({
  favourites: new Set(favourites),
  facts: (path: string) => facts.get(path),
});

const done = (id: string, overrides: Partial<JobRecord> = {}): JobRecord =>
  succeeded({
    ref: `ltx:text-to-video/${id}`,
    id,
    name: id,
    downloads: [{ label: 'video_url', path: `/ws/ltx-output/${id}.mp4`, bytes: 1, completedAt: 'x' }],
    ...overrides,
  });

describe('galleryCards', () => {
  it('one card per artifact with name, prompt, model, the requested size and length', () => {
    const [card] = galleryCards([done('a')], context());
    expect(card).toMatchObject({
      key: 'ltx:text-to-video/a#video_url',
      ref: 'ltx:text-to-video/a',
      label: 'video_url',
      kind: 'video',
      name: 'a',
      prompt: 'a sunset',
      model: 'ltx-2-3-fast',
      resolution: '1920x1080',
      pixels: 1920 * 1080,
      durationSeconds: 6,
      state: 'succeeded',
      path: '/ws/ltx-output/a.mp4',
      favourite: false,
      group: 'ltx:text-to-video/a',
      depth: 0,
    });
    expect(card).not.toHaveProperty('sound');
    expect(card).not.toHaveProperty('cost');
  });

  it('what the file says wins over what was asked: size, length and AAC sound', () => {
    facts.set('/ws/ltx-output/b.mp4', { durationSeconds: 3, width: 640, height: 360, sound: 'aac' });
    const [card] = galleryCards([done('b')], context(['ltx:text-to-video/b#video_url']));
    expect(card).toMatchObject({ resolution: '640x360', durationSeconds: 3, sound: 'aac', favourite: true });
  });

  it('a job without artifacts is one card with its state; a failed one says why', () => {
    const running = record({ ref: 'ltx:text-to-video/r', id: 'r' }, { state: 'running', progress: 40 });
    const failed = record(
      { ref: 'ltx:text-to-video/f', id: 'f' },
      { state: 'failed', error: { type: 'content_filtered_error', message: 'no' } },
    );
    const cards = galleryCards([running, failed], context());
    expect(cards.map((c) => [c.key, c.kind, c.stateText])).toEqual([
      ['ltx:text-to-video/r', 'pending', 'running 40%'],
      ['ltx:text-to-video/f', 'pending', 'failed: content_filtered_error'],
    ]);
  });

  it('takes know their group, depth and source; a take of a plain file names the file', () => {
    const root = done('root');
    const take = done('take', {
      ref: 'ltx:extend/take',
      endpoint: 'extend',
      parent: { ref: root.ref, file: '/ws/ltx-output/root.mp4', field: 'video_uri', chain: [] },
    });
    const takeOfTake = done('deep', {
      ref: 'ltx:retake/deep',
      endpoint: 'retake',
      parent: { ref: take.ref, file: '/ws/ltx-output/take.mp4', field: 'video_uri', chain: [] },
    });
    const animated = done('anim', {
      ref: 'ltx:image-to-video/anim',
      endpoint: 'image-to-video',
      parent: { file: '/ws/frames/first.png', field: 'image_uri', chain: [] },
    });
    const cards = galleryCards([takeOfTake, take, root, animated], context());
    const by = (name: string) => cards.find((c) => c.name === name)!;
    expect(by('deep')).toMatchObject({
      group: root.ref,
      depth: 2,
      takeOf: { name: 'take', endpoint: 'retake' },
    });
    expect(by('take')).toMatchObject({
      group: root.ref,
      depth: 1,
      takeOf: { name: 'root', endpoint: 'extend' },
    });
    expect(by('root')).toMatchObject({ group: root.ref, depth: 0 });
    expect(by('root')).not.toHaveProperty('takeOf');
    expect(by('anim')).toMatchObject({
      group: animated.ref,
      depth: 0,
      takeOf: { name: 'first.png', endpoint: 'image-to-video' },
    });
  });

  it('shows the cost estimate the record carries, as the context formats it', () => {
    const [card] = galleryCards([done('c')], { ...context(), cost: () => '≈ $0.18' });
    expect(card?.cost).toBe('≈ $0.18');
  });

  it.each([
    ['/o/a.mp4', undefined, 'video'],
    ['/o/a.PNG', undefined, 'image'],
    ['/o/frames.zip', 'application/zip', 'file'],
    [undefined, 'video/mp4', 'video'],
    [undefined, 'image/webp', 'image'],
    [undefined, undefined, 'file'],
  ] as const)('kindOf(%s, %s) = %s', (path, mime, kind) => {
    expect(kindOf(path, mime)).toBe(kind);
  });
});
