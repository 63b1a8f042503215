import { describe, expect, it } from 'vitest';
import {
  artifactKind,
  formatAge,
  formatBytes,
  formatDuration,
  formatLocalDay,
  formatLocalTime,
  promptOf,
  requestSettings,
  snippet,
} from '../../src/format/index.js';

describe('formatBytes: one unit for the CLI and the extension', () => {
  it.each([
    [0, '0 B'],
    [512, '512 B'],
    [1536, '1.5 KiB'],
    [139_153, '135.9 KiB'],
    [2_621_440, '2.5 MiB'],
    [5 * 1024 ** 3, '5.0 GiB'],
    [-1, '0 B'],
  ])('%d -> %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe('formatDuration and formatAge', () => {
  it.each([
    [42_000, '42s'],
    [187_000, '3m 07s'],
    [7_500_000, '2h 05m'],
    [273_600_000, '3d 4h'],
    [-5, '0s'],
  ])('duration %d ms -> %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  const now = Date.parse('2026-11-23T20:10:00Z');
  it.each([
    [now - 20_000, 'just now'],
    [now + 60_000, 'just now'],
    [now - 5 * 60_000, '5m ago'],
    [now - 2 * 3_600_000, '2h ago'],
    [now - 3 * 86_400_000, '3d ago'],
    [now - 30 * 86_400_000, '4w ago'],
    [now - 800 * 86_400_000, '2y ago'],
  ])('age of %d -> %s', (then, text) => {
    expect(formatAge(then, now)).toBe(text);
  });
});

describe('formatLocalTime: local wall-clock time, as short as it can be told apart', () => {
  const now = Date.parse('2026-11-23T20:30:00Z'); // a Monday
  it.each([
    ['2026-11-23T20:10:00Z', 'UTC', 'today 20:10'],
    ['2026-11-23T20:10:00Z', 'Europe/Berlin', 'today 21:10'],
    ['2026-11-22T23:30:00Z', 'Europe/Berlin', 'today 00:30'],
    ['2026-11-22T09:05:00Z', 'UTC', 'yesterday 09:05'],
    ['2026-11-19T14:02:00Z', 'UTC', 'Thu 14:02'],
    ['2026-11-12T14:02:00Z', 'UTC', '12 Nov 14:02'],
    ['2025-11-12T14:02:00Z', 'UTC', '12 Nov 2025'],
  ])('%s in %s -> %s', (iso, zone, text) => {
    expect(formatLocalTime(Date.parse(iso), now, zone)).toBe(text);
  });

  it('names days for grouping', () => {
    expect(formatLocalDay(Date.parse('2026-11-23T01:00:00Z'), now, 'UTC')).toBe('Today');
    expect(formatLocalDay(Date.parse('2026-11-22T01:00:00Z'), now, 'UTC')).toBe('Yesterday');
    expect(formatLocalDay(Date.parse('2026-11-19T01:00:00Z'), now, 'UTC')).toBe('Thu 19 Nov');
    expect(formatLocalDay(Date.parse('2024-11-19T01:00:00Z'), now, 'UTC')).toBe('19 Nov 2024');
  });

  it('the system zone (fast path through Date) reads as that zone named explicitly, across DST', () => {
    const saved = process.env.TZ;
    try {
      for (const zone of ['America/New_York', 'Asia/Kathmandu', 'Australia/Lord_Howe']) {
        process.env.TZ = zone;
        for (
          let ms = Date.parse('2026-03-01T00:00:00Z');
          ms < Date.parse('2026-11-30T00:00:00Z');
          ms += 3_599_000
        ) {
          expect(formatLocalTime(ms, now)).toBe(formatLocalTime(ms, now, zone));
          expect(formatLocalDay(ms, now)).toBe(formatLocalDay(ms, now, zone));
        }
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});

describe('artifactKind: what an artifact is, not the API field name', () => {
  it.each([
    [{ label: 'video_url' }, 'video'],
    [{ label: 'exr_frames_url' }, 'EXR frames'],
    [{ label: 'asset', mimeType: 'video/mp4' }, 'video'],
    [{ label: 'asset', mimeType: 'image/png' }, 'image'],
    [{ label: 'depth_map_url' }, 'depth map'],
    [{ label: 'asset' }, 'asset'],
  ])('%o -> %s', (artifact, kind) => {
    expect(artifactKind(artifact)).toBe(kind);
  });
});

describe('request summaries', () => {
  const body = {
    prompt: '  A slow aerial shot of a lighthouse\non a rocky coast at dawn ',
    model: 'ltx-2-3-fast',
    resolution: '1920x1080',
    duration: 6,
    image_uri: 'ltx://uploads/1',
    camera: { motion: 'dolly_in' },
  };
  it('reads the prompt and cuts a one-line snippet at a word', () => {
    expect(promptOf(body)).toBe('A slow aerial shot of a lighthouse\non a rocky coast at dawn');
    expect(snippet(promptOf(body) ?? '', 30)).toBe('A slow aerial shot of a…');
    expect(snippet('short', 30)).toBe('short');
    expect(promptOf(null)).toBeUndefined();
    expect(promptOf({ prompt: '   ' })).toBeUndefined();
  });

  it('lists the settings without the prompt and media', () => {
    expect(requestSettings(body)).toEqual([
      ['model', 'ltx-2-3-fast'],
      ['resolution', '1920x1080'],
      ['duration', '6'],
    ]);
    expect(requestSettings(null)).toEqual([]);
  });
});
