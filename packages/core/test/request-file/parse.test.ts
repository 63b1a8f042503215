import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  isRequestFileError,
  type RequestFileError,
  type RequestFileIssue,
} from '../../src/errors/request-file-error.js';
import { isUsageError } from '../../src/errors/usage-error.js';
import { loadRequestFile, parseRequestFile } from '../../src/request-file/parse.js';

function issues(text: string): RequestFileIssue[] {
  try {
    parseRequestFile(text, 'clip.ltx.json');
  } catch (error) {
    if (isRequestFileError(error)) return (error as RequestFileError).issues;
    throw error;
  }
  throw new Error('expected the file to be rejected');
}

const valid = `{
  "$schema": "../schemas/ltx-request.schema.json",
  "provider": "ltx",
  "endpoint": "text-to-video",
  "name": "dawn",
  "request": {
    "prompt": "A lighthouse at dawn",
    "model": "ltx-2-3-pro",
    "resolution": "1920x1080",
    "duration": 8
  },
  "output": "out"
}
`;

describe('parseRequestFile', () => {
  it('returns the request file as written', () => {
    expect(parseRequestFile(valid, 'clip.ltx.json')).toEqual({
      $schema: '../schemas/ltx-request.schema.json',
      provider: 'ltx',
      endpoint: 'text-to-video',
      name: 'dawn',
      request: { prompt: 'A lighthouse at dawn', model: 'ltx-2-3-pro', resolution: '1920x1080', duration: 8 },
      output: 'out',
    });
  });

  it.each([
    [
      'missing comma',
      '{\n  "provider": "ltx"\n  "endpoint": "retake"\n}',
      3,
      3,
      'JSON syntax error: expected ","',
    ],
    [
      'trailing comma',
      '{\n  "provider": "ltx",\n}',
      2,
      20,
      'JSON syntax error: trailing comma (request files are strict JSON)',
    ],
    [
      'comment',
      '{\n  // note\n  "provider": "ltx"\n}',
      2,
      3,
      'JSON syntax error: comments are not allowed (request files are strict JSON)',
    ],
    ['single quotes', "{\n  'provider': 'ltx'\n}", 2, 3, 'JSON syntax error: invalid character'],
    [
      'unterminated',
      '{\n  "request": {\n    "prompt": "a\n',
      3,
      15,
      'JSON syntax error: unterminated string (a line break inside a string must be written \\n)',
    ],
    ['empty', '  \n', 2, 1, 'the file is empty; expected a JSON object'],
    ['CRLF lines', '{\r\n  "a": 1\r\n  "b": 2\r\n}', 3, 3, 'JSON syntax error: expected ","'],
  ])('reports a syntax error (%s) with line and column', (_name, text, line, column, message) => {
    const [issue, ...rest] = issues(text);
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({ path: '$', segments: [], line, column, message });
  });

  it('points schema errors at the offending value with JSON path, line and column', () => {
    const text = valid.replace('"duration": 8', '"duration": 12');
    const [issue, ...rest] = issues(text);
    expect(rest).toEqual([]);
    const offset = text.indexOf('12');
    expect(issue).toEqual({
      path: '$.request.duration',
      segments: ['request', 'duration'],
      message:
        'ltx-2-3-pro renders 2, 3, 4, 5, 6, 8, 10 s at 1920x1080 and 24 fps; got 12 (12-20 s need a Fast model at 720p/1080p and 24/25 fps)',
      code: 'unsupported-duration',
      fix: { kind: 'replace', title: 'Change to 10', value: 10 },
      line: 10,
      column: 17,
      offset,
      length: 2,
    });
  });

  it('reports every issue: wrong type, unknown key (at the key) and missing property (at the parent)', () => {
    const text = `{
  "provider": "ltx",
  "endpoint": "image-to-video",
  "request": {
    "prompt": 42,
    "model": "ltx-2-3-fast",
    "resolution": "1920x1080",
    "duration": 6,
    "imageUri": "a.png"
  }
}`;
    expect(issues(text).map((i) => [i.path, i.line, i.column, i.message])).toEqual([
      ['$.request.prompt', 5, 15, 'expected a string, got number 42'],
      ['$.request.image_uri', 4, 14, 'missing required property "image_uri" (expected a string)'],
      ['$.request.imageUri', 9, 5, 'unknown property "imageUri"; did you mean "image_uri"?'],
    ]);
  });

  it('reports a duplicate key at the repeated key', () => {
    const text =
      '{\n  "provider": "ltx",\n  "endpoint": "video-to-video-hdr",\n  "request": {"video_uri": "a.mp4", "video_uri": "b.mp4"}\n}';
    expect(issues(text)).toEqual([
      {
        path: '$.request.video_uri',
        segments: ['request', 'video_uri'],
        message: 'duplicate property "video_uri" (JSON keeps only the last one)',
        code: 'duplicate-key',
        line: 4,
        column: 37,
        offset: text.lastIndexOf('"video_uri"'),
        length: 11,
      },
    ]);
  });

  it('lists the valid endpoints for an unknown one', () => {
    const [issue] = issues('{"provider": "useapi", "endpoint": "videos/create", "request": {}}');
    expect(issue).toMatchObject({
      path: '$.endpoint',
      line: 1,
      column: 36,
      message:
        'unknown useapi endpoint "videos/create"; expected one of videos/ltx-create, videos/veo-create, images/create, images/edit, images/upscale',
    });
  });

  it.each([
    ['[1, 2]', '$', 'expected an object, got array'],
    [
      '{"provider": "runway", "endpoint": "x", "request": {}}',
      '$.provider',
      'expected one of "ltx", "useapi"; got "runway"',
    ],
    [
      '{"provider": "ltx", "endpoint": "retake"}',
      '$.request',
      'missing required property "request" (expected an object)',
    ],
    [
      '{"provider": "ltx", "endpoint": "retake", "request": [], "extra": 1}',
      '$.request',
      'expected an object, got array',
    ],
    [
      '{"provider": "ltx", "endpoint": "retake", "request": {"video_uri": "v.mp4", "start_time": 0, "duration": 2}, "outptu": "x"}',
      '$.outptu',
      'unknown property "outptu"; did you mean "output"?',
    ],
  ])('validates the envelope: %s', (text, path, message) => {
    expect(issues(text)[0]).toMatchObject({ path, message });
  });

  it('formats the error as file:line:col: path: message', () => {
    try {
      parseRequestFile(valid.replace('"ltx-2-3-pro"', '"ltx-2-pro"'), 'examples/clip.ltx.json');
      throw new Error('expected a rejection');
    } catch (error) {
      expect((error as Error).message).toBe(
        'examples/clip.ltx.json:8:14: $.request.model: ltx-2-pro was removed on 2026-08-15 and LTX refuses it; use ltx-2-3-pro',
      );
    }
  });
});

describe('loadRequestFile', () => {
  it('reads a file (BOM stripped) and parses it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reqfile-'));
    const path = join(dir, 'a.ltx.json');
    writeFileSync(path, `\uFEFF${valid}`);
    expect((await loadRequestFile(path)).endpoint).toBe('text-to-video');
  });

  it('throws UsageError for a missing file', async () => {
    const error = await loadRequestFile('/nonexistent/x.ltx.json').catch((e: unknown) => e);
    expect(isUsageError(error)).toBe(true);
    expect((error as Error).message).toBe('Request file /nonexistent/x.ltx.json not found');
  });

  it('reports a local media file that cannot be uploaded at its value, with line and column', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reqfile-'));
    writeFileSync(join(dir, 'first.png'), new Uint8Array([0x89, 0x50]));
    const path = join(dir, 'i2v.ltx.json');
    const request = {
      prompt: 'p',
      image_uri: './first.png',
      last_frame_uri: './last.png',
      model: 'ltx-2-3-fast',
    };
    const file = {
      provider: 'ltx',
      endpoint: 'image-to-video',
      request: { ...request, resolution: '1920x1080', duration: 6 },
    };
    writeFileSync(path, JSON.stringify(file, null, 2));
    const error = await loadRequestFile(path).catch((e: unknown) => e);
    expect(isRequestFileError(error)).toBe(true);
    expect((error as RequestFileError).issues).toEqual([
      {
        path: '$.request.last_frame_uri',
        segments: ['request', 'last_frame_uri'],
        message: `file not found: ${join(dir, 'last.png')} (from "./last.png", relative to ${dir})`,
        line: 7,
        column: 23,
        offset: expect.any(Number),
        length: '"./last.png"'.length,
      },
    ]);
    expect((error as Error).message).toMatch(
      /i2v\.ltx\.json:7:23: \$\.request\.last_frame_uri: file not found/,
    );
  });

  it('accepts every example request file in the repository, media included', async () => {
    const dir = fileURLToPath(new URL('../../../../examples/', import.meta.url));
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) =>
      f.endsWith('.ltx.json'),
    );
    expect(files).toContain('image-to-video.ltx.json');
    for (const file of files) {
      const parsed = await loadRequestFile(join(dir, file));
      expect(['ltx', 'useapi']).toContain(parsed.provider);
    }
  });
});
