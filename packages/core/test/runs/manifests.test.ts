import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isRequestFileError, type RequestFileError } from '../../src/errors/request-file-error.js';
import { parseCsv } from '../../src/runs/csv.js';
import { planRun } from '../../src/runs/plan.js';

const dir = mkdtempSync(join(tmpdir(), 'ltx-runs-'));
const body = (prompt: string, extra: Record<string, unknown> = {}) => ({
  prompt,
  model: 'ltx-2-3-fast',
  resolution: '1920x1080',
  duration: 6,
  ...extra,
});
const line = (prompt: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ provider: 'ltx', endpoint: 'text-to-video', request: body(prompt), ...extra });

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function rejection(promise: Promise<unknown>): Promise<RequestFileError[]> {
  try {
    await promise;
  } catch (error) {
    if (isRequestFileError(error)) return [error];
    if (error instanceof AggregateError) return error.errors as RequestFileError[];
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('CSV parser', () => {
  it('reads quoted cells with commas, quotes and line breaks, CRLF, a BOM, and start lines', () => {
    const parsed = parseCsv('\uFEFFprompt,duration\r\n"a, b",6\r\n\r\n"say ""hi""\nthere",8\n');
    expect(parsed).toEqual({
      records: [
        { line: 1, cells: ['prompt', 'duration'] },
        { line: 2, cells: ['a, b', '6'] },
        { line: 4, cells: ['say "hi"\nthere', '8'] },
      ],
    });
  });

  it('locates an unclosed quote and a stray quote', () => {
    expect(parseCsv('prompt\n"open\n')).toEqual({ problem: expect.objectContaining({ line: 2 }) });
    expect(parseCsv('prompt\nab"c\n')).toEqual({ problem: expect.objectContaining({ line: 2, column: 3 }) });
  });
});

describe('JSONL manifests', () => {
  it('plans one job per line, names lines without a name, references request files', async () => {
    write(
      'ref.ltx.json',
      JSON.stringify({
        provider: 'ltx',
        endpoint: 'text-to-video',
        name: 'from-file',
        request: body('a ref'),
      }),
    );
    const manifest = write(
      'shots.ltx.jsonl',
      [line('a cat', { name: 'cat' }), '', line('a dog'), JSON.stringify({ file: 'ref.ltx.json' })].join(
        '\n',
      ),
    );
    const plan = await planRun([manifest]);
    expect(plan.kind).toBe('manifest');
    expect(plan.name).toBe('shots.ltx.jsonl');
    expect(plan.jobs.map((j) => [j.name, j.line, j.key])).toEqual([
      ['cat', 1, '1:1:0'],
      ['shots-3', 3, '1:3:0'],
      ['from-file', 4, '1:4:0'],
    ]);
    expect(plan.jobs[2]?.requestFile).toBe(join(dir, 'ref.ltx.json'));
    expect(plan.jobs[0]?.requestFile).toBe(manifest);
    expect(plan.jobs.every((j) => j.variantKey === undefined)).toBe(true);
  });

  it('checks every line first and reports each bad one at manifest:line:column', async () => {
    const manifest = write(
      'bad.ltx.jsonl',
      [
        line('ok'),
        JSON.stringify({
          provider: 'ltx',
          endpoint: 'text-to-video',
          request: body('x', { duration: 'long' }),
        }),
        '{"provider": "ltx",',
        JSON.stringify({ file: 'missing.ltx.json' }),
        JSON.stringify({ file: 'ref.ltx.json', extra: 1 }),
      ].join('\n'),
    );
    const errors = await rejection(planRun([manifest]));
    const text = errors.map((e) => e.message).join('\n');
    expect(text).toMatch(/bad\.ltx\.jsonl:2:\d+: \$\.request\.duration: /);
    expect(text).toMatch(/bad\.ltx\.jsonl:3:\d+: \$: JSON syntax error/);
    expect(text).toMatch(/bad\.ltx\.jsonl:4:1: \$\.file: Request file .*missing\.ltx\.json not found/);
    expect(text).toMatch(/bad\.ltx\.jsonl:5:\d+: \$\.extra: unknown property/);
    expect(errors).toHaveLength(4);
  });

  it('--skip-invalid leaves bad lines out and says which', async () => {
    const manifest = write('half.ltx.jsonl', [line('ok'), '{"provider": 3}', line('fine')].join('\n'));
    const plan = await planRun([manifest], { skipInvalid: true });
    expect(plan.jobs.map((j) => j.line)).toEqual([1, 3]);
    expect(plan.skipped[0]?.where).toBe(`${manifest}:2`);
  });

  it('a line with variations expands; repeated lines are reported as repeats', async () => {
    const manifest = write(
      'vary.ltx.jsonl',
      [line('same'), line('same'), line('takes', { name: 'takes', variations: { count: 2 } })].join('\n'),
    );
    const plan = await planRun([manifest]);
    expect(plan.jobs.map((j) => j.name)).toEqual(['vary-1', 'vary-2', 'takes-v1', 'takes-v2']);
    expect(plan.jobs[2]?.variantKey).toBe('vary.ltx.jsonl:3#1');
    expect(plan.repeats).toHaveLength(1);
    expect(plan.repeats[0]?.job.line).toBe(2);
    expect(plan.repeats[0]?.sameAs.line).toBe(1);
  });
});

describe('CSV of prompts with a template', () => {
  const template = () =>
    write(
      'template.ltx.json',
      JSON.stringify({ provider: 'ltx', endpoint: 'text-to-video', name: 'shot', request: body('') }),
    );

  it('fills the template per row: prompt, typed fields, names', async () => {
    const tpl = template();
    const csv = write('prompts.csv', 'prompt,duration,name\n"a cat, sleeping",8,cat\na dog,,\n');
    const plan = await planRun([csv], { template: tpl });
    expect(plan.jobs.map((j) => [j.name, j.file.request.prompt, j.file.request.duration, j.line])).toEqual([
      ['cat', 'a cat, sleeping', 8, 2],
      ['shot-3', 'a dog', 6, 3],
    ]);
    expect(plan.sources).toEqual([csv, tpl]);
  });

  it('reports a bad cell at csv:line:column and needs --template', async () => {
    const tpl = template();
    const csv = write('bad.csv', 'prompt,duration\nok,6\n,7\nfine,abc\nshort\n');
    const errors = await rejection(planRun([csv], { template: tpl }));
    const text = errors.map((e) => e.message).join('\n');
    expect(text).toMatch(/bad\.csv:3:1: \$\.request\.prompt: column "prompt": /);
    expect(text).toMatch(/bad\.csv:4:2: \$\.request\.duration: column "duration": /);
    expect(text).toMatch(/bad\.csv:5:1: \$: expected 2 cells/);
    await expect(planRun([csv])).rejects.toThrow(/--template/);
    const noPrompt = write('noprompt.csv', 'text\nhello\n');
    expect((await rejection(planRun([noPrompt], { template: tpl })))[0]?.message).toMatch(/"prompt" column/);
  });
});

describe('request files', () => {
  it('a file with variations is a variations run; several files are a files run; count overrides', async () => {
    const a = write(
      'a.ltx.json',
      JSON.stringify({
        provider: 'ltx',
        endpoint: 'text-to-video',
        request: body('a'),
        variations: { count: 3 },
      }),
    );
    const b = write(
      'b.ltx.json',
      JSON.stringify({ provider: 'ltx', endpoint: 'text-to-video', request: body('b') }),
    );
    const one = await planRun([a]);
    expect([one.kind, one.name, one.jobs.length]).toEqual(['variations', 'a ×3', 3]);
    expect(new Set(one.jobs.map((j) => j.inputHash)).size).toBe(3);
    const two = await planRun([a, b]);
    expect([two.kind, two.name, two.jobs.length]).toEqual(['files', 'a.ltx.json, b.ltx.json', 4]);
    const counted = await planRun([b], { count: 4 });
    expect([counted.kind, counted.name, counted.jobs.map((j) => j.name)]).toEqual([
      'variations',
      'b ×4',
      ['b-v1', 'b-v2', 'b-v3', 'b-v4'],
    ]);
  });

  it('a missing media file of one variant is reported where the matrix names it', async () => {
    writeFileSync(join(dir, 'frame.png'), Buffer.from('89504e470d0a1a0a', 'hex'));
    const file = write(
      'i2v.ltx.json',
      JSON.stringify(
        {
          provider: 'ltx',
          endpoint: 'image-to-video',
          request: {
            prompt: 'p',
            model: 'ltx-2-3-fast',
            resolution: '1920x1080',
            duration: 6,
            image_uri: 'frame.png',
          },
          variations: { matrix: { image_uri: ['frame.png', 'gone.png'] } },
        },
        null,
        2,
      ),
    );
    const errors = await rejection(planRun([file]));
    expect(errors[0]?.issues[0]?.path).toBe('$.variations.matrix.image_uri[1]');
  });
});
