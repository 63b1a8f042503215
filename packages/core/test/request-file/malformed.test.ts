import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isRequestFileError, type RequestFileError } from '../../src/errors/request-file-error.js';
import { isUsageError } from '../../src/errors/usage-error.js';
import { MAX_REQUEST_FILE_BYTES, MAX_REQUEST_NESTING } from '../../src/request-file/guard.js';
import { checkRequestFile, loadRequestFile } from '../../src/request-file/parse.js';

// Issue 9.6: malformed request files get a located, bounded error, never a crash, a hang or a
// prototype read as data.

const valid = {
  provider: 'ltx',
  endpoint: 'text-to-video',
  request: { prompt: 'p', model: 'ltx-2-3-pro', resolution: '1920x1080', duration: 6 },
};
const text = (value: unknown) => JSON.stringify(value, null, 2);
const issuesOf = (source: string) => checkRequestFile(source).issues;
const MB = 'x'.repeat(1024 * 1024);

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ltx-malformed-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('huge values are cut in messages', () => {
  it.each<[string, unknown]>([
    ['a 1 MB unknown key', { ...valid, request: { ...valid.request, [MB]: 1 } }],
    ['a 1 MB model id', { ...valid, request: { ...valid.request, model: MB } }],
    ['a 1 MB resolution', { ...valid, request: { ...valid.request, resolution: MB } }],
    ['a 1 MB endpoint', { ...valid, endpoint: MB }],
    ['a 1 MB provider', { ...valid, provider: MB }],
    ['a 1 MB duplicate key', `{"${MB}": 1, "${MB}": 2, "provider": "ltx"}`],
    ['a 1 MB number-typed prompt', { ...valid, request: { ...valid.request, prompt: [MB] } }],
  ])('%s', (_name, file) => {
    const issues = issuesOf(typeof file === 'string' ? file : text(file));
    expect(issues.length).toBeGreaterThan(0);
    for (const issue of issues) expect(`${issue.path}: ${issue.message}`.length).toBeLessThan(400);
  });
});

describe('nesting, size and value count are bounded before parsing', () => {
  it.each([5_000, 100_000])('%i levels deep is one located error, not a stack overflow', (levels) => {
    const deep = `{"provider": "ltx", "endpoint": "retake", "request": {"x": ${'['.repeat(levels)}${']'.repeat(levels)}}}`;
    const [issue, ...rest] = issuesOf(deep);
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({ code: 'too-deep', line: 1 });
    expect(issue?.message).toContain(`more than ${MAX_REQUEST_NESTING} levels deep`);
    expect(issue?.column).toBe(deep.indexOf('[') + MAX_REQUEST_NESTING - 1);
  });

  it('brackets inside strings do not count', () => {
    const file = { ...valid, request: { ...valid.request, prompt: '['.repeat(10_000) } };
    expect(issuesOf(text(file))).toEqual([]);
  });

  it('a text over the size limit is refused without parsing', () => {
    const big = text({ ...valid, request: { ...valid.request, prompt: 'y'.repeat(MAX_REQUEST_FILE_BYTES) } });
    const [issue] = issuesOf(big);
    expect(issue).toMatchObject({ code: 'too-large', path: '$' });
    expect(issue?.message).toMatch(/^the file is 32\.0 MiB; request files are at most 32\.0 MiB/);
  });

  it('more than 100000 values is refused', () => {
    const many = `{"provider": "ltx", "endpoint": "retake", "request": {"x": [${Array(150_000).fill(1).join(',')}]}}`;
    expect(issuesOf(many)[0]).toMatchObject({ code: 'too-many-values' });
  });
});

describe('__proto__, constructor and prototype are refused as keys, never read as prototypes', () => {
  it('a top-level __proto__ holding the envelope is refused at its key', () => {
    const source = `{"__proto__": ${text(valid)}}`;
    const result = checkRequestFile(source);
    expect(result.file).toBeUndefined();
    expect(result.issues).toEqual([
      expect.objectContaining({
        path: '$.__proto__',
        code: 'reserved-key',
        message: 'property name "__proto__" is not allowed in a request file',
        line: 1,
        column: 2,
      }),
    ]);
  });

  it.each(['constructor', 'prototype', '__proto__'])('%s inside request is refused too', (key) => {
    const source = text(valid).replace('"prompt"', `"${key}": {"model": "x"},\n    "prompt"`);
    const issues = issuesOf(source);
    expect(issues.map((i) => [i.path, i.code])).toEqual([[`$.request.${key}`, 'reserved-key']]);
  });

  it('a valid file parses into plain objects', () => {
    const file = checkRequestFile(text(valid)).file;
    expect(Object.getPrototypeOf(file?.request)).toBe(Object.prototype);
    expect(file?.request).toEqual(valid.request);
  });
});

describe('loadRequestFile reads only regular files, bounded', () => {
  it('refuses a FIFO at once instead of hanging', async () => {
    const fifo = join(dir, 'pipe.ltx.json');
    execFileSync('mkfifo', [fifo]);
    const error = await loadRequestFile(fifo).catch((e: unknown) => e);
    expect(isUsageError(error)).toBe(true);
    expect((error as Error).message).toBe(`Request file ${fifo} is a FIFO (named pipe), not a regular file`);
  });

  it.each([
    ['/dev/null', 'a device'],
    ['/dev/zero', 'a device'],
  ])('refuses %s (%s)', async (path, kind) => {
    const error = await loadRequestFile(path).catch((e: unknown) => e);
    expect((error as Error).message).toBe(`Request file ${path} is ${kind}, not a regular file`);
  });

  it('refuses a folder', async () => {
    const error = await loadRequestFile(dir).catch((e: unknown) => e);
    expect(isUsageError(error)).toBe(true);
    expect((error as Error).message).toMatch(/is a folder/);
  });

  it('refuses a 50 MB file by its size, saying the limit', async () => {
    const path = join(dir, 'big.ltx.json');
    await writeFile(path, Buffer.alloc(50 * 1024 * 1024, 0x20));
    const error = (await loadRequestFile(path).catch((e: unknown) => e)) as RequestFileError;
    expect(isRequestFileError(error)).toBe(true);
    expect(error.issues[0]?.message).toMatch(/^the file is 50\.0 MiB; request files are at most 32\.0 MiB/);
  });
});
