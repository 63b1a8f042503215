import { join } from 'node:path';
import { UsageError } from '@ltx-jobs/core';
import { describe, expect, it } from 'vitest';
import { parseArgs, SubmitArgsSchema, WatchArgsSchema } from '../src/args.js';
import { loadConfig, requireKey, resolveHome } from '../src/config.js';

describe('resolveHome', () => {
  it.each<[Record<string, string>, NodeJS.Platform, string]>([
    [{ LTX_JOBS_HOME: '/data/jobs' }, 'linux', '/data/jobs'],
    [{ XDG_DATA_HOME: '/xdg' }, 'linux', join('/xdg', 'ltx-jobs')],
    [{ XDG_DATA_HOME: 'relative' }, 'linux', join('/home/u', '.local', 'share', 'ltx-jobs')],
    [{}, 'linux', join('/home/u', '.local', 'share', 'ltx-jobs')],
    [{}, 'darwin', join('/home/u', '.local', 'share', 'ltx-jobs')],
    [
      { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' },
      'win32',
      join('C:\\Users\\u\\AppData\\Roaming', 'ltx-jobs'),
    ],
  ])('%j on %s', (env, platform, expected) => {
    expect(resolveHome(env, platform, '/home/u')).toBe(expected);
  });
});

describe('loadConfig', () => {
  it('uses the public base URLs by default and treats empty variables as unset', () => {
    const config = loadConfig({ LTX_API_KEY: '', LTX_JOBS_HOME: '/tmp/x' });
    expect(config.ltx).toEqual({ apiKey: undefined, baseUrl: 'https://api.ltx.video' });
    expect(config.useapi.baseUrl).toBe('https://api.useapi.net');
  });

  it('allows plain http on loopback only, naming the variable', () => {
    expect(loadConfig({ LTX_API_BASE_URL: 'http://127.0.0.1:4010/' }).ltx.baseUrl).toBe(
      'http://127.0.0.1:4010',
    );
    expect(() => loadConfig({ LTX_API_BASE_URL: 'http://example.com' })).toThrow(/LTX_API_BASE_URL/);
    expect(() => loadConfig({ USEAPI_BASE_URL: 'not a url' })).toThrow(/USEAPI_BASE_URL/);
  });

  it('reads the LTX concurrency limit and refuses a value that is not a whole number from 1 to 100', () => {
    expect(loadConfig({}).ltx.concurrentJobs).toBeUndefined();
    expect(loadConfig({ LTX_JOBS_LTX_CONCURRENCY: '4' }).ltx.concurrentJobs).toBe(4);
    for (const bad of ['0', '2.5', 'two', '101']) {
      expect(() => loadConfig({ LTX_JOBS_LTX_CONCURRENCY: bad })).toThrow(
        `LTX_JOBS_LTX_CONCURRENCY must be a whole number from 1 to 100; got "${bad}"`,
      );
    }
  });

  it('reads the cap for downloads of unknown size, with units, and refuses a bad one naming the variable', () => {
    expect(loadConfig({}).maxUnsizedDownloadBytes).toBeUndefined();
    expect(loadConfig({ LTX_JOBS_MAX_UNSIZED_DOWNLOAD: '8GiB' }).maxUnsizedDownloadBytes).toBe(8 * 1024 ** 3);
    expect(loadConfig({ LTX_JOBS_MAX_UNSIZED_DOWNLOAD: '500 MB' }).maxUnsizedDownloadBytes).toBe(500e6);
    expect(loadConfig({ LTX_JOBS_MAX_UNSIZED_DOWNLOAD: '1048576' }).maxUnsizedDownloadBytes).toBe(1048576);
    for (const bad of ['0', 'lots', '-1GiB', '4 parsecs']) {
      expect(() => loadConfig({ LTX_JOBS_MAX_UNSIZED_DOWNLOAD: bad })).toThrow(
        `LTX_JOBS_MAX_UNSIZED_DOWNLOAD must be a size such as 8GiB, 500MB or a number of bytes; got "${bad}"`,
      );
    }
  });

  it.each([
    ['ltx', 'LTX_API_KEY'],
    ['useapi', 'USEAPI_API_TOKEN'],
  ] as const)('a missing %s key names %s and never echoes another secret', (provider, variable) => {
    const config = loadConfig({ LTX_API_KEY: undefined, USEAPI_API_TOKEN: undefined });
    expect(() => requireKey(config, provider)).toThrow(new RegExp(`^${variable} is not set`));
    const withKeys = loadConfig({ LTX_API_KEY: 'sk-secret-1', USEAPI_API_TOKEN: 'user:secret-2' });
    expect(requireKey(withKeys, provider)).toMatch(/secret/);
  });
});

describe('parseArgs', () => {
  it('coerces seconds and fills defaults', () => {
    expect(parseArgs(SubmitArgsSchema, { files: ['a.ltx.json'], pollInterval: '0.5', wait: true })).toEqual({
      files: ['a.ltx.json'],
      pollInterval: 0.5,
      wait: true,
      json: false,
      allowDuplicate: false,
      dryRun: false,
      strict: false,
      skipInvalid: false,
    });
    expect(parseArgs(SubmitArgsSchema, { files: ['a.ltx.json'], maxCost: '1.5' }).maxCost).toBe(1.5);
    expect(() => parseArgs(SubmitArgsSchema, { files: ['a.ltx.json'], maxCost: 'lots' })).toThrow(
      '--max-cost: expected an amount in USD, got "lots"',
    );
  });

  it.each([
    [
      { ref: 'ltx:text-to-video/1', pollInterval: 'abc' },
      '--poll-interval: expected a number of seconds, got "abc"',
    ],
    [
      { ref: 'ltx:text-to-video/1', pollInterval: '0' },
      '--poll-interval: expected a number of seconds > 0, got "0"',
    ],
    [
      { ref: 'ltx:text-to-video/1', pollInterval: '0.01' },
      '--poll-interval: expected at least 0.05 seconds, got "0.01"',
    ],
    [
      { ref: 'ltx:text-to-video/1', pollInterval: '3600' },
      '--poll-interval: expected at most 600 seconds (10 minutes), got "3600"',
    ],
    [{ ref: 'ltx:text-to-video/1', timeout: '-3' }, '--timeout: expected a number of seconds > 0, got "-3"'],
    [
      { ref: 'ltx:text-to-video/1', timeout: 'Infinity' },
      '--timeout: expected a number of seconds, got "Infinity"',
    ],
  ])('%j is refused with the flag named', (raw, message) => {
    expect(() => parseArgs(WatchArgsSchema, raw)).toThrow(new UsageError(message));
  });
});
