import { describe, expect, it } from 'vitest';
import type { GalleryCard } from '../../src/gallery/gallery-cards.js';
import { createNonce, galleryCsp, galleryHtml } from '../../src/gallery/gallery-html.js';
import { ageText, cardView, WebviewMessageSchema } from '../../src/gallery/gallery-protocol.js';
import { NOW } from './records.js';

const base: GalleryCard = {
  key: 'ltx:text-to-video/a#video_url',
  ref: 'ltx:text-to-video/a',
  label: 'video_url',
  kind: 'video',
  name: 'dawn',
  prompt: 'boats',
  model: 'ltx-2-3-fast',
  endpoint: 'text-to-video',
  provider: 'ltx',
  state: 'succeeded',
  stateText: 'succeeded',
  resolution: '640x360',
  pixels: 640 * 360,
  durationSeconds: 3,
  submittedAt: '2026-11-23T09:57:00Z',
  path: '/ws/ltx-output/dawn.mp4',
  sound: 'aac',
  favourite: true,
  group: 'ltx:text-to-video/a',
  depth: 0,
};

describe('webview messages', () => {
  it.each([
    [{ type: 'ready' }],
    [{ type: 'query', query: { state: 'failed', page: 2 } }],
    [{ type: 'favourite', key: base.key, favourite: true }],
    [{ type: 'play', key: base.key }],
    [{ type: 'take', key: base.key, action: 'extend' }],
    [{ type: 'compare', keys: ['a', 'b', 'c'] }],
  ])('accepts %j', (message) => {
    expect(WebviewMessageSchema.safeParse(message).success).toBe(true);
  });

  it.each([
    [null],
    ['ready'],
    [{ type: 'eval', code: 'x' }],
    [{ type: 'ready', extra: 1 }],
    [{ type: 'take', key: base.key, action: 'animate' }],
    [{ type: 'play', key: '' }],
    [{ type: 'play', key: 'x'.repeat(1001) }],
    [{ type: 'favourite', key: base.key, favourite: 'yes' }],
    [{ type: 'compare', keys: ['only-one'] }],
    [{ type: 'compare', keys: ['a', 'b', 'c', 'd', 'e'] }],
    [{ type: 'query', query: { page: -1 } }],
  ])('refuses %j', (message) => {
    expect(WebviewMessageSchema.safeParse(message).success).toBe(false);
  });
});

describe('cardView', () => {
  it('joins what is known into one line and says how AAC sounds here', () => {
    const withFfmpeg = cardView(base, NOW, { ffmpeg: true, src: 'https://file+.vscode-resource/x.mp4' });
    expect(withFfmpeg).toMatchObject({
      meta: 'ltx-2-3-fast · 640x360 · 3 s',
      age: '3m ago',
      sound: 'aac-copy',
      canTake: true,
      src: 'https://file+.vscode-resource/x.mp4',
      node: { kind: 'artifact', ref: base.ref, key: 'video_url' },
    });
    expect(withFfmpeg).not.toHaveProperty('path');
    expect(cardView(base, NOW, { ffmpeg: false }).sound).toBe('aac-silent');
    expect(cardView({ ...base, sound: 'playable' }, NOW, { ffmpeg: false }).sound).toBe('ok');
  });

  it('a take says what it is a take of; a running job has no file to take from', () => {
    const take = cardView({ ...base, depth: 1, takeOf: { name: 'dawn', endpoint: 'extend' } }, NOW, {
      ffmpeg: true,
    });
    expect(take.takeOf).toBe('take of dawn (extend)');
    const { path: _path, label: _label, ...pending } = base;
    const view = cardView({ ...pending, kind: 'pending', key: base.ref, cost: '≈ $0.18' }, NOW, {
      ffmpeg: true,
    });
    expect(view).toMatchObject({ canTake: false, node: { kind: 'job', ref: base.ref } });
    expect(view.meta).toBe('ltx-2-3-fast · 640x360 · 3 s · ≈ $0.18');
  });

  it.each([
    ['2026-11-23T09:59:30Z', 'just now'],
    ['2026-11-23T07:00:00Z', '3h ago'],
    ['2026-11-20T10:00:00Z', '3d ago'],
    ['not a date', ''],
  ])('ageText(%s) = %s', (at, text) => {
    expect(ageText(at, NOW)).toBe(text);
  });
});

describe('gallery page security', () => {
  it('the CSP allows nothing by default, scripts only by nonce, media only from the local roots', () => {
    const csp = galleryCsp('https://*.vscode-cdn.net', 'N0nce');
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'nonce-N0nce'");
    expect(csp).toContain('media-src https://*.vscode-cdn.net');
    expect(csp).toContain('img-src https://*.vscode-cdn.net');
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https:\s|http:|\*\s|data:/);
  });

  it('every script carries the nonce; the page has no inline script or handler', () => {
    const nonce = createNonce();
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(createNonce()).not.toBe(nonce);
    const html = galleryHtml({
      cspSource: 'https://x.vscode-cdn.net',
      nonce,
      scriptUris: ['https://x/a.js', 'https://x/b.js'],
      styleUri: 'https://x/s.css',
    });
    const scripts = [...html.matchAll(/<script([^>]*)>([^<]*)<\/script>/g)];
    expect(scripts).toHaveLength(2);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toContain(`nonce="${nonce}"`);
      expect(body).toBe('');
    }
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).toContain('http-equiv="Content-Security-Policy"');
  });
});
