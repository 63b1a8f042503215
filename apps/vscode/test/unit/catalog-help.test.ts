import { describe, expect, it } from 'vitest';
import { catalogHover, catalogSuggestions, isCatalogField } from '../../src/features/catalog-help.js';
import { requestValueContext } from '../../src/features/request-location.js';

const file = (request: string) =>
  `{\n  "provider": "ltx",\n  "endpoint": "text-to-video",\n  "request": {\n${request}\n  }\n}\n`;

describe('requestValueContext', () => {
  it('finds the request field whose value the cursor is in, with the literal under it', () => {
    const text = file('    "prompt": "a heron",\n    "model": "ltx-2-",\n    "duration": 6');
    const at = text.indexOf('ltx-2-') + 3;
    const context = requestValueContext(text, at);
    expect(context).toMatchObject({ provider: 'ltx', endpoint: 'text-to-video', field: 'model' });
    expect(context.literal).toEqual({ offset: text.indexOf('"ltx-2-"'), length: 8, value: 'ltx-2-' });
    expect(context.body).toMatchObject({ prompt: 'a heron', duration: 6 });
  });

  it('after a colon with no value yet, and not on keys or outside request', () => {
    const text = file('    "model": "ltx-2-5-pro",\n    "duration": ');
    const afterColon = requestValueContext(text, text.indexOf('"duration": ') + 12);
    expect(afterColon.field).toBe('duration');
    expect(afterColon.literal).toBeUndefined();
    expect(requestValueContext(text, text.indexOf('"model"') + 2).field).toBeUndefined();
    expect(requestValueContext(text, text.indexOf('"ltx"') + 2).field).toBeUndefined();
  });
});

describe('requestValueContext on a hostile file', () => {
  it('gives no help (and does not overflow the stack) for a file nested 10000 deep', () => {
    const text = `{"provider": "ltx", "endpoint": "text-to-video", "request": {"model": ${'['.repeat(10_000)}`;
    expect(requestValueContext(text, text.length).field).toBeUndefined();
  });
});

describe('catalogSuggestions', () => {
  it('offers the models of the endpoint, 2.5 first, removed ones last and marked', () => {
    const models = catalogSuggestions('text-to-video', 'model', {});
    expect(models.map((m) => [m.label, m.deprecated])).toEqual([
      ['ltx-2-5-fast', false],
      ['ltx-2-5-pro', false],
      ['ltx-2-3-fast', false],
      ['ltx-2-3-pro', false],
      ['ltx-2-fast', true],
      ['ltx-2-pro', true],
    ]);
    expect(models.map((m) => m.sortText)).toEqual([...models.map((m) => m.sortText)].sort());
    expect(models[4]?.detail).toBe('removed 2026-08-15 · use ltx-2-3-fast');
    expect(catalogSuggestions('retake', 'model', {}).map((m) => m.label)).toEqual([
      'ltx-2-3-pro',
      'ltx-2-fast',
      'ltx-2-pro',
    ]);
  });

  it('offers the sizes, fps and durations of the chosen model at the chosen size', () => {
    const pro25 = { model: 'ltx-2-5-pro', resolution: '1920x1080', fps: 25 };
    expect(catalogSuggestions('text-to-video', 'resolution', pro25).map((s) => s.label)).toEqual([
      '1280x720',
      '720x1280',
      '1920x1080',
      '1080x1920',
    ]);
    expect(catalogSuggestions('text-to-video', 'fps', pro25).map((s) => s.value)).toEqual([24, 25, 50]);
    expect(catalogSuggestions('text-to-video', 'duration', pro25).map((s) => s.value)).toEqual([
      null,
      2,
      3,
      4,
      5,
      6,
      8,
      10,
    ]);
    const fast23 = { model: 'ltx-2-3-fast', resolution: '1080x1920' };
    expect(catalogSuggestions('image-to-video', 'duration', fast23).map((s) => s.value)).toEqual([
      2, 3, 4, 5, 6, 8, 10, 12, 14, 16, 18, 20,
    ]);
    expect(catalogSuggestions('audio-to-video', 'resolution', {}).map((s) => s.label)).toEqual([
      '1920x1080',
      '1080x1920',
    ]);
    expect(catalogSuggestions('retake', 'duration', {})).toEqual([]);
    expect(isCatalogField('useapi', 'model')).toBe(false);
  });
});

describe('catalogHover', () => {
  it('says why a removed model is refused and what replaces it', () => {
    const text = catalogHover('text-to-video', 'model', 'ltx-2-fast', {});
    expect(text).toContain('Removed on 2026-08-15');
    expect(text).toContain('Use `ltx-2-3-fast`');
  });

  it('names the table date for an unknown model, and who renders a size', () => {
    expect(catalogHover('text-to-video', 'model', 'ltx-9', {})).toContain(
      'not in the LTX capability table checked on 2026-11-29',
    );
    expect(catalogHover('text-to-video', 'resolution', '1280x720', {})).toContain('720p landscape');
    expect(
      catalogHover('text-to-video', 'duration', 12, { model: 'ltx-2-3-pro', resolution: '1920x1080' }),
    ).toContain('ltx-2-3-pro at 1920x1080 and 24 fps: 2, 3, 4, 5, 6, 8, 10 s.');
  });
});
