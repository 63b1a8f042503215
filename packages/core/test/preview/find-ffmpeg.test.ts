import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findFfmpeg } from '../../src/preview/find-ffmpeg.js';
import { tempDir } from '../takes/take-files.js';

let dir: string;
beforeEach(async () => {
  dir = await tempDir('ltx-ffmpeg-');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function executable(path: string, mode = 0o755): Promise<string> {
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, '#!/bin/sh\nexit 0\n');
  await chmod(path, mode);
  return path;
}

describe('findFfmpeg', () => {
  it('takes the first executable ffmpeg on PATH, skipping a non-executable one', async () => {
    await executable(join(dir, 'a', 'ffmpeg'), 0o644);
    const good = await executable(join(dir, 'b', 'ffmpeg'));
    const env = { PATH: [join(dir, 'none'), join(dir, 'a'), join(dir, 'b')].join(':') };
    expect(await findFfmpeg({ env, platform: 'linux' })).toEqual({ found: true, path: good, from: 'PATH' });
  });

  it('without one on PATH, says so', async () => {
    expect(await findFfmpeg({ env: { PATH: dir }, platform: 'linux' })).toEqual({
      found: false,
      reason: 'no ffmpeg on PATH',
    });
    expect(await findFfmpeg({ env: {}, platform: 'linux' })).toEqual({
      found: false,
      reason: 'no ffmpeg on PATH',
    });
  });

  it('a configured path is used as is, and a wrong one is reported instead of falling back to PATH', async () => {
    const onPath = await executable(join(dir, 'bin', 'ffmpeg'));
    const env = { PATH: join(dir, 'bin') };
    const custom = await executable(join(dir, 'opt', 'my-ffmpeg'));
    expect(await findFfmpeg({ configured: custom, env })).toEqual({
      found: true,
      path: custom,
      from: 'setting',
    });
    expect(await findFfmpeg({ configured: '  ', env })).toEqual({ found: true, path: onPath, from: 'PATH' });
    expect(await findFfmpeg({ configured: join(dir, 'missing'), env })).toEqual({
      found: false,
      reason: `ffmpegPath ${join(dir, 'missing')} is not an executable file`,
    });
    expect(await findFfmpeg({ configured: 'ffmpeg', env })).toMatchObject({
      found: false,
      reason: expect.stringMatching(/not an absolute path/),
    });
  });

  it('on Windows, tries PATHEXT extensions', async () => {
    const exe = await executable(join(dir, 'win', 'ffmpeg.exe'));
    expect(
      await findFfmpeg({ env: { PATH: join(dir, 'win'), PATHEXT: '.COM;.EXE' }, platform: 'win32' }),
    ).toEqual({
      found: true,
      path: exe,
      from: 'PATH',
    });
  });
});
