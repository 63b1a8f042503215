import { describe, expect, it } from 'vitest';
import { isRequestFileError, type RequestFileIssue } from '../../src/errors/request-file-error.js';
import { hashInput } from '../../src/ledger/hash.js';
import { checkRequestFile, parseRequestFile } from '../../src/request-file/parse.js';
import { expandVariations, variantCount } from '../../src/runs/variations.js';

function fileText(extra: Record<string, unknown>, request: Record<string, unknown> = {}): string {
  return JSON.stringify(
    {
      provider: 'ltx',
      endpoint: 'text-to-video',
      name: 'dawn',
      request: {
        prompt: 'A lighthouse at dawn',
        model: 'ltx-2-3-fast',
        resolution: '1920x1080',
        duration: 6,
        ...request,
      },
      ...extra,
    },
    null,
    2,
  );
}

function errors(text: string): RequestFileIssue[] {
  try {
    parseRequestFile(text, 'dawn.ltx.json');
  } catch (error) {
    if (isRequestFileError(error)) return error.issues;
    throw error;
  }
  throw new Error('expected the file to be rejected');
}

describe('variations', () => {
  it('count 4 gives four variants with distinct keys, names and hashes, the same body', () => {
    const file = parseRequestFile(fileText({ variations: { count: 4 } }), '/w/dawn.ltx.json');
    const variants = expandVariations(file, '/w/dawn.ltx.json');
    expect(variants.map((v) => v.name)).toEqual(['dawn-v1', 'dawn-v2', 'dawn-v3', 'dawn-v4']);
    expect(variants.map((v) => v.key)).toEqual([
      'dawn.ltx.json#1',
      'dawn.ltx.json#2',
      'dawn.ltx.json#3',
      'dawn.ltx.json#4',
    ]);
    expect(new Set(variants.map((v) => JSON.stringify(v.request))).size).toBe(1);
    const hashes = variants.map((v) => hashInput('ltx', 'text-to-video', v.request, v.key));
    expect(new Set(hashes).size).toBe(4);
    expect(hashes).not.toContain(hashInput('ltx', 'text-to-video', file.request));
    // Stable: the same file expands to the same keys (so submitting it again repeats every hash).
    expect(expandVariations(file, '/elsewhere/dawn.ltx.json').map((v) => v.key)).toEqual(
      variants.map((v) => v.key),
    );
  });

  it('prompts x matrix x count, first matrix field slowest, values in the key and the name', () => {
    const text = fileText(
      {
        variations: {
          prompts: ['a cat', 'a dog'],
          matrix: { model: ['ltx-2-3-fast', 'ltx-2-3-pro'], duration: [6, 8] },
          count: 2,
        },
      },
      { prompt: undefined },
    );
    const file = parseRequestFile(text, 'dawn.ltx.json');
    expect(variantCount(file.variations!)).toBe(16);
    const variants = expandVariations(file, 'dawn.ltx.json');
    expect(variants).toHaveLength(16);
    expect(variants[0]).toMatchObject({
      name: 'dawn-v01-ltx-2-3-fast-6',
      take: 1,
      request: { prompt: 'a cat', model: 'ltx-2-3-fast', duration: 6 },
    });
    expect(variants[1]).toMatchObject({
      take: 2,
      request: { prompt: 'a cat', model: 'ltx-2-3-fast', duration: 6 },
    });
    expect(variants[2]?.request).toMatchObject({ model: 'ltx-2-3-fast', duration: 8 });
    expect(variants[4]?.request).toMatchObject({ model: 'ltx-2-3-pro', duration: 6 });
    expect(variants[8]?.request).toMatchObject({ prompt: 'a dog', model: 'ltx-2-3-fast' });
    expect(variants[15]?.key).toBe('dawn.ltx.json#16 {"duration":8,"model":"ltx-2-3-pro","prompt":"a dog"}');
    expect(new Set(variants.map((v) => v.key)).size).toBe(16);
  });

  it('a file without a prompt of its own is valid when prompts are listed, invalid otherwise', () => {
    expect(() =>
      parseRequestFile(fileText({ variations: { prompts: ['x'] } }, { prompt: undefined }), 'a.ltx.json'),
    ).not.toThrow();
    expect(errors(fileText({ variations: { count: 2 } }, { prompt: undefined })).map((i) => i.path)).toEqual([
      '$.request.prompt',
    ]);
  });

  it('points a bad matrix value at itself in variations, once, whatever it is combined with', () => {
    const issues = errors(
      fileText({
        variations: { matrix: { model: ['ltx-2-3-fast', 'ltx-2-5-fast'], duration: [6, 'long'] } },
      }),
    );
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe('$.variations.matrix.duration[1]');
    expect(issues[0]?.message).toBe('expected a number or null; got "long"');
    expect(issues[0]?.line).toBeGreaterThan(1);
  });

  it('a value wrong only with some other value says which (a cross-field rule of the table)', () => {
    const issues = errors(
      fileText(
        { variations: { matrix: { model: ['ltx-2-3-fast', 'ltx-2-3-pro'], duration: [6, 12] } } },
        { resolution: '1280x720' },
      ),
    );
    expect(issues.map((i) => i.path)).toEqual(['$.variations.matrix.duration[1]']);
    expect(issues[0]?.message).toMatch(/^with model "ltx-2-3-pro": ltx-2-3-pro renders .*got 12/);
  });

  it('an unknown request field in the matrix points at the matrix key, with the fix', () => {
    const issues = errors(fileText({ variations: { matrix: { modle: ['ltx-2-3-pro'] } } }));
    expect(issues[0]).toMatchObject({ path: '$.variations.matrix.modle', code: 'unknown-property' });
    expect(issues[0]?.message).toContain('did you mean "model"');
  });

  it('refuses an empty block, an empty matrix, prompts twice, too many jobs and bad counts', () => {
    expect(errors(fileText({ variations: {} })).map((i) => i.path)).toEqual(['$.variations']);
    expect(errors(fileText({ variations: { matrix: {} } })).map((i) => i.path)).toEqual([
      '$.variations.matrix',
    ]);
    expect(
      errors(fileText({ variations: { prompts: ['a'], matrix: { prompt: ['b'] } } })).map((i) => i.path),
    ).toEqual(['$.variations.matrix.prompt']);
    const many = errors(
      fileText({ variations: { count: 100, matrix: { duration: [6, 8, 10, 12, 14, 16] } } }),
    );
    expect(many[0]).toMatchObject({ path: '$.variations' });
    expect(many[0]?.message).toContain('600 jobs');
    expect(errors(fileText({ variations: { count: 0 } }))[0]?.path).toBe('$.variations.count');
    expect(errors(fileText({ variations: { count: 2.5 } }))[0]?.path).toBe('$.variations.count');
    expect(errors(fileText({ variations: { cout: 2 } }))[0]?.message).toContain('did you mean "count"');
  });

  it('warnings of the capability table are checked per variant and located in the matrix', () => {
    const check = checkRequestFile(
      fileText({ variations: { matrix: { model: ['ltx-2-3-fast', 'ltx-9-ultra'] } } }),
    );
    expect(check.file).toBeDefined();
    const warning = check.issues.find((i) => i.severity === 'warning');
    expect(warning?.path).toBe('$.variations.matrix.model[1]');
  });
});
