import { copyFile, readFile, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isUsageError } from '../../src/errors/usage-error.js';
import { loadRequestFile, parseRequestFile } from '../../src/request-file/parse.js';
import { PROMPT_PLACEHOLDER, TAKE_ACTION_SPECS, TAKE_ACTIONS } from '../../src/takes/take-actions.js';
import { writeTakeRequest } from '../../src/takes/take-request.js';
import { artifactIn, FIRST_PNG, PORTRAIT_MP4, resultRecord, tempDir } from './take-files.js';

let dir: string;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeTakeRequest', () => {
  it('Extend: a request beside the source, the source as local media, its prompt selected, results beside it', async () => {
    const source = await artifactIn(dir, 'lighthouse-5b0e.mp4', (p) =>
      resultRecord('a', p, { prompt: 'A lighthouse at dawn' }),
    );
    const take = await writeTakeRequest('extend', source);
    expect(take.path).toBe(join(dir, 'lighthouse-5b0e-extend.ltx.json'));
    expect(await readFile(take.path, 'utf8')).toBe(take.text);
    expect(JSON.parse(take.text)).toEqual({
      provider: 'ltx',
      endpoint: 'extend',
      name: 'job-a-extend',
      output: '.',
      request: {
        video_uri: './lighthouse-5b0e.mp4',
        prompt: 'A lighthouse at dawn',
        duration: 4,
        mode: 'end',
        model: 'ltx-2-3-pro',
      },
    });
    expect(take.text.slice(take.focus.offset, take.focus.offset + take.focus.length)).toBe(
      'A lighthouse at dawn',
    );
    const file = await loadRequestFile(take.path);
    expect(file.request.video_uri).toBe('./lighthouse-5b0e.mp4');
  });

  it('never overwrites: a second take of the same source gets -2', async () => {
    const source = await artifactIn(dir, 'v.mp4');
    const first = await writeTakeRequest('retake', source);
    const second = await writeTakeRequest('retake', source);
    expect(basename(first.path)).toBe('v-retake.ltx.json');
    expect(basename(second.path)).toBe('v-retake-2.ltx.json');
    expect(await readFile(first.path, 'utf8')).toBe(first.text);
  });

  it.each(TAKE_ACTIONS)(
    '%s: the prefilled file is valid as written (it can be submitted at once)',
    async (action) => {
      const spec = TAKE_ACTION_SPECS[action];
      const source = spec.source === 'image' ? join(dir, 'first.png') : await artifactIn(dir, 'v.mp4');
      if (spec.source === 'image') await copyFile(FIRST_PNG, source);
      const take = await writeTakeRequest(action, source);
      const parsed = parseRequestFile(take.text, take.path);
      expect(parsed.endpoint).toBe(spec.endpoint);
      await expect(loadRequestFile(take.path)).resolves.toBeDefined();
      const focused = take.text.slice(take.focus.offset, take.focus.offset + take.focus.length);
      expect(focused).toBe(String(parsed.request[spec.focus]));
    },
  );

  it('Animate on a PNG without a job: the placeholder prompt is what the editor selects', async () => {
    const png = join(dir, 'first.png');
    await copyFile(FIRST_PNG, png);
    const take = await writeTakeRequest('animate', png);
    expect(JSON.parse(take.text).request).toMatchObject({
      image_uri: './first.png',
      prompt: PROMPT_PLACEHOLDER,
    });
    expect(take.name).toBe('first-animate');
    expect(take.text.slice(take.focus.offset, take.focus.offset + take.focus.length)).toBe(
      PROMPT_PLACEHOLDER,
    );
  });

  it('uses what a media reader knows: Reframe turns a portrait source landscape, Retake picks the middle', async () => {
    const source = await artifactIn(dir, 'v.mp4');
    const portrait = async () => ({ width: 1080, height: 1920, durationSeconds: 10 });
    const reframe = JSON.parse((await writeTakeRequest('reframe', source, { mediaInfo: portrait })).text);
    expect(reframe.request.resolution).toBe('1920x1080');
    const retake = JSON.parse((await writeTakeRequest('retake', source, { mediaInfo: portrait })).text);
    expect(retake.request).toMatchObject({ start_time: 4, duration: 2 });
    const broken = async () => {
      throw new Error('unreadable');
    };
    const fallback = JSON.parse((await writeTakeRequest('reframe', source, { mediaInfo: broken })).text);
    expect(fallback.request.resolution).toBe('1080x1920');
  });

  it('by default reads a video source from its boxes: a portrait result is reframed to landscape', async () => {
    const portrait = join(dir, 'portrait.mp4');
    await copyFile(PORTRAIT_MP4, portrait);
    expect(JSON.parse((await writeTakeRequest('reframe', portrait)).text).request.resolution).toBe(
      '1920x1080',
    );
    const landscape = await artifactIn(dir, 'landscape.mp4');
    expect(JSON.parse((await writeTakeRequest('reframe', landscape)).text).request.resolution).toBe(
      '1080x1920',
    );
  });

  it('refuses a source of the wrong kind, naming the file and what the action takes', async () => {
    const png = join(dir, 'first.png');
    await copyFile(FIRST_PNG, png);
    const error = await writeTakeRequest('extend', png).catch((e: unknown) => e);
    expect(isUsageError(error)).toBe(true);
    expect(String(error)).toMatch(/first\.png is not a video: extend takes \.mp4/);
    await expect(writeTakeRequest('animate', await artifactIn(dir, 'v.mp4'))).rejects.toThrow(/not an image/);
  });
});
