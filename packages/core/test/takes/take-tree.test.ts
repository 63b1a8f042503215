import { describe, expect, it } from 'vitest';
import { takeForest } from '../../src/takes/take-tree.js';
import { resultRecord } from './take-files.js';

const takeOf = (ref: string) => ({ file: '/o/x.mp4', field: 'video_uri', ref, chain: [] });

describe('takeForest', () => {
  it('nests takes under their source job and keeps the list order', () => {
    const a = resultRecord('a', '/o/a.mp4');
    const b = resultRecord('b', '/o/b.mp4', { endpoint: 'extend', parent: takeOf(a.ref) });
    const c = resultRecord('c', '/o/c.mp4', { endpoint: 'retake', parent: takeOf(b.ref) });
    const d = resultRecord('d', '/o/d.mp4', { endpoint: 'retake', parent: takeOf(a.ref) });
    const forest = takeForest([d, c, b, a]);
    expect(forest.roots.map((r) => r.id)).toEqual(['a']);
    expect(forest.takesOf(a.ref).map((r) => r.id)).toEqual(['d', 'b']);
    expect(forest.takesOf(b.ref).map((r) => r.id)).toEqual(['c']);
    expect(forest.parentOf(c.ref)?.id).toBe('b');
    expect(forest.parentOf(a.ref)).toBeUndefined();
  });

  it('a take whose source is gone, or a plain file, is a root', () => {
    const orphan = resultRecord('o', '/o/o.mp4', { parent: takeOf('ltx:text-to-video/removed') });
    const fromPng = resultRecord('p', '/o/p.mp4', {
      parent: { file: '/f/first.png', field: 'image_uri', chain: [] },
    });
    expect(takeForest([orphan, fromPng]).roots.map((r) => r.id)).toEqual(['o', 'p']);
  });

  it('a cycle from a hand-edited ledger does not hide its members', () => {
    const a = resultRecord('a', '/o/a.mp4', { parent: takeOf('ltx:text-to-video/b') });
    const b = resultRecord('b', '/o/b.mp4', { parent: takeOf('ltx:text-to-video/a') });
    const self = resultRecord('s', '/o/s.mp4', { parent: takeOf('ltx:text-to-video/s') });
    const forest = takeForest([a, b, self]);
    expect(forest.roots.map((r) => r.id)).toEqual(['a', 'b', 's']);
    expect(forest.parentOf(a.ref)).toBeUndefined();
  });
});
