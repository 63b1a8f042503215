import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  resolveInside,
  safeArtifactFileName,
  sanitizeFileName,
  shortJobId,
} from '../../src/download/file-name.js';
import { isUsageError } from '../../src/errors/usage-error.js';
import { fixture } from '../poll/fakes.js';

const ltxId = (fixture('ltx/job-completed-video.json') as { id: string }).id;
const useapiId = (fixture('useapi/job-completed.json') as { jobId: string }).jobId;
const useapiUrl = (fixture('useapi/job-completed.json') as { status: { artifact: { assetUrl: string } } })
  .status.artifact.assetUrl;

describe('safeArtifactFileName', () => {
  it.each([
    [
      'LTX video',
      ltxId,
      'https://storage.googleapis.com/example/video.mp4',
      'video_url',
      undefined,
      '0f8e2a6c-video.mp4',
    ],
    ['useapi asset', useapiId, useapiUrl, 'asset', 'video/mp4', '7a34b821-example.mp4'],
    [
      'encoded traversal',
      ltxId,
      'https://h/a/..%2F..%2F.ssh%2Fauthorized_keys',
      'video_url',
      undefined,
      'video-0f8e2a6c.mp4',
    ],
    [
      'encoded traversal with ext',
      ltxId,
      'https://h/a/..%2F..%2Fevil.sh',
      'video_url',
      undefined,
      '0f8e2a6c-evil.sh',
    ],
    ['backslashes', ltxId, 'https://h/..%5C..%5Cwin.ini', 'video_url', undefined, '0f8e2a6c-win.ini'],
    ['NUL and control chars', ltxId, 'https://h/a%00b%0A.mp4', 'video_url', undefined, '0f8e2a6c-a_b_.mp4'],
    ['no basename', ltxId, 'https://h/', 'exr_frames_url', undefined, 'exr_frames-0f8e2a6c.zip'],
    ['dot file', ltxId, 'https://h/.bashrc', 'video_url', 'video/mp4', 'video-0f8e2a6c.mp4'],
    [
      'unknown mime',
      'weird id!',
      'https://h/download',
      'result',
      'application/x-thing',
      'result-weirdid.bin',
    ],
  ])('%s', (_, id, url, label, mimeType, expected) => {
    const name = safeArtifactFileName({ id }, { label, url, ...(mimeType ? { mimeType } : {}) });
    expect(name).toBe(expected);
    expect(resolveInside('/out', name).startsWith(`${join('/out')}${sep}`)).toBe(true);
  });

  it.each([
    [
      'request name',
      'lighthouse-at-dawn',
      'https://h/x/video.mp4',
      undefined,
      'lighthouse-at-dawn-0f8e2a6c.mp4',
    ],
    ['name with separators', '../../etc/passwd', 'https://h/v.mp4', undefined, 'etc_passwd-0f8e2a6c.mp4'],
    ['mime wins over a server extension', 'clip', 'https://h/evil.sh', 'video/mp4', 'clip-0f8e2a6c.mp4'],
    ['file-name fallback', 'clip.ltx.json', 'https://h/download', undefined, 'clip-0f8e2a6c.mp4'],
    ['unusable name falls back', '../..', 'https://h/v.mp4', undefined, '0f8e2a6c-v.mp4'],
  ])('with the job name: %s', (_, jobName, url, mimeType, expected) => {
    const artifact = { label: 'video_url', url, ...(mimeType ? { mimeType } : {}) };
    const name = safeArtifactFileName({ id: ltxId }, artifact, jobName);
    expect(name).toBe(expected);
    expect(resolveInside('/out', name).startsWith(`${join('/out')}${sep}`)).toBe(true);
  });

  it('never yields a name that leaves the folder, whatever the server sends', () => {
    const nasty = [
      '..',
      '%2e%2e',
      '%2e%2e%2f',
      'a/../../b',
      'C:%5Cx',
      '\u0000',
      'CON',
      'nul.mp4',
      ' . ',
      'x'.repeat(400),
    ];
    for (const segment of nasty) {
      const name = safeArtifactFileName({ id: 'id' }, { label: '../label', url: `https://h/${segment}` });
      expect(/[/\\]/.test(name) || name.includes(String.fromCharCode(0))).toBe(false);
      expect(name.startsWith('.')).toBe(false);
      expect(name.length).toBeLessThanOrEqual(120);
      expect(() => resolveInside(tmpdir(), name)).not.toThrow();
    }
  });
});

describe('sanitizeFileName and shortJobId', () => {
  it.each([
    ['CON', '_CON'],
    ['nul.mp4', '_nul.mp4'],
    ['com1.txt', '_com1.txt'],
    ['...hidden', 'hidden'],
    ['trailing. . ', 'trailing'],
    ['a:b*c?.mp4', 'a_b_c_.mp4'],
    ['//', ''],
  ])('%j -> %j', (input, expected) => {
    expect(sanitizeFileName(input)).toBe(expected);
  });

  it('keeps the extension when cutting a long name', () => {
    const name = sanitizeFileName(`${'a'.repeat(300)}.mp4`);
    expect(name).toHaveLength(120);
    expect(name.endsWith('.mp4')).toBe(true);
  });

  it('takes the uuid of LTX and useapi ids', () => {
    expect(shortJobId(ltxId)).toBe('0f8e2a6c');
    expect(shortJobId(useapiId)).toBe('7a34b821');
  });
});

describe('resolveInside', () => {
  it.each(['../x', '/abs', '..', '', 'a/../../x'])('throws UsageError for %j', (name) => {
    let error: unknown;
    try {
      resolveInside('/out/dir', name);
    } catch (e) {
      error = e;
    }
    expect(isUsageError(error)).toBe(true);
  });
});
