import {
  AuthError,
  ConfigError,
  DuplicateSubmitError,
  HttpError,
  JobFailedError,
  NetworkError,
  NotFoundError,
  RateLimitError,
  RequestFileError,
  ServerError,
  TimeoutError,
  UsageError,
} from '@ltx-jobs/core';
import { describe, expect, it } from 'vitest';
import { EXIT, type ExitCode, exitCodeForError, worstExitCode } from '../src/exit-codes.js';

const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
const http = (status: number) => ({ status, provider: 'ltx' as const });

describe('exitCodeForError', () => {
  it.each([
    ['usage', new UsageError('bad ref'), EXIT.badInput],
    [
      'request file',
      new RequestFileError('a.ltx.json', [{ path: '$', segments: [], message: 'x' }]),
      EXIT.badInput,
    ],
    ['config', new ConfigError('LTX_API_KEY is not set'), EXIT.authConfig],
    ['401', new AuthError('unauthorized', http(401)), EXIT.authConfig],
    ['duplicate', new DuplicateSubmitError('ltx:text-to-video/1', 'h'), EXIT.duplicate],
    [
      'job failed',
      new JobFailedError('f', { provider: 'ltx', ref: 'r', errorType: 'content_filtered_error' }),
      EXIT.jobFailed,
    ],
    [
      'job expired',
      new JobFailedError('e', { provider: 'ltx', ref: 'r', errorType: 'expired' }),
      EXIT.expired,
    ],
    ['404', new NotFoundError('gone', http(404)), EXIT.expired],
    ['network', new NetworkError('reset', { requestSent: true }), EXIT.networkTimeout],
    ['timeout', new TimeoutError('slow', { timeoutMs: 1000 }), EXIT.networkTimeout],
    ['503', new ServerError('down', http(503)), EXIT.networkTimeout],
    ['429', new RateLimitError('slow down', http(429)), EXIT.networkTimeout],
    ['400 invalid request', new HttpError('bad', http(400)), EXIT.badInput],
    ['402 insufficient funds', new HttpError('funds', http(402)), EXIT.jobFailed],
    ['422 content filtered at submit', new HttpError('filtered', http(422)), EXIT.jobFailed],
    [
      'expired signed artifact URL',
      new AuthError('refused', { status: 403, provider: 'artifact-host', method: 'GET' }),
      EXIT.expired,
    ],
    [
      'artifact gone',
      new NotFoundError('gone', { status: 404, provider: 'artifact-host', method: 'GET' }),
      EXIT.expired,
    ],
    [
      'upload slot refused',
      new AuthError('refused', { status: 403, provider: 'artifact-host', method: 'PUT' }),
      EXIT.authConfig,
    ],
    ['Ctrl-C', abort, EXIT.interrupted],
    ['anything else', new TypeError('bug'), EXIT.internal],
    ['a string', 'oops', EXIT.internal],
    ['several files', new AggregateError([new UsageError('a'), new ConfigError('b')]), EXIT.authConfig],
  ])('%s', (_name, error, expected) => {
    expect(exitCodeForError(error)).toBe(expected);
  });
});

describe('worstExitCode', () => {
  it.each<[ExitCode[], ExitCode]>([
    [[], EXIT.ok],
    [[EXIT.ok, EXIT.ok], EXIT.ok],
    [[EXIT.ok, EXIT.jobFailed], EXIT.jobFailed],
    [[EXIT.networkTimeout, EXIT.jobFailed], EXIT.jobFailed],
    [[EXIT.expired, EXIT.jobFailed], EXIT.jobFailed],
    [[EXIT.jobFailed, EXIT.duplicate], EXIT.duplicate],
    [[EXIT.duplicate, EXIT.authConfig, EXIT.badInput], EXIT.authConfig],
    [[EXIT.jobFailed, EXIT.interrupted], EXIT.interrupted],
  ])('%j -> %i', (codes, expected) => {
    expect(worstExitCode(codes)).toBe(expected);
  });

  it('gives every class its own code', () => {
    expect(new Set(Object.values(EXIT)).size).toBe(Object.keys(EXIT).length);
  });
});
