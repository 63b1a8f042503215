import { describe, expect, it } from 'vitest';
import { isConfigError } from '../../src/errors/config-error.js';
import { redactUrl, redactUrlText, validateBaseUrl } from '../../src/http/base-url.js';
import { parseRetryAfter } from '../../src/http/retry-after.js';

describe('validateBaseUrl', () => {
  it.each([
    ['https://api.ltx.video', 'https://api.ltx.video'],
    ['https://api.ltx.video/', 'https://api.ltx.video'],
    ['https://proxy.example.com/ltx/', 'https://proxy.example.com/ltx'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
    ['http://127.45.6.7:9', 'http://127.45.6.7:9'],
    ['http://localhost:3000/', 'http://localhost:3000'],
    ['http://[::1]:4000', 'http://[::1]:4000'],
  ])('accepts %s as %s', (input, expected) => {
    expect(validateBaseUrl(input, 'ltx.baseUrl')).toBe(expected);
  });

  it.each([
    ['http://api.ltx.video', 'ltx.baseUrl must use https://'],
    ['http://10.0.0.5:8080', 'must use https://'],
    ['http://128.0.0.1', 'must use https://'],
    ['ftp://api.ltx.video', 'must be an https:// URL; got protocol "ftp:"'],
    ['not a url', 'ltx.baseUrl is not a valid URL'],
    ['https://user:secret@api.ltx.video', 'must not contain credentials'],
    ['https://api.ltx.video/?key=abc', 'must not have a query string'],
  ])('rejects %s with ConfigError', (input, message) => {
    let caught: unknown;
    try {
      validateBaseUrl(input, 'ltx.baseUrl');
    } catch (error) {
      caught = error;
    }
    expect(isConfigError(caught)).toBe(true);
    expect((caught as Error).message).toContain(message);
    expect((caught as Error).message).not.toContain('secret');
  });

  it.each([
    'https://user:s3cretpw@host:99999',
    'https://user:s3cretpw@exa mple.com',
    'http://user:s3cretpw@example.com',
    'https://:s3cretpw@api.ltx.video',
    'https://user:pa/s3cretpw@host',
    'https://api.ltx.video/?token=s3cretpw',
  ])('never echoes the password of %s', (input) => {
    let caught: unknown;
    try {
      validateBaseUrl(input, 'LTX_API_BASE_URL');
    } catch (error) {
      caught = error;
    }
    expect(isConfigError(caught)).toBe(true);
    expect((caught as Error).message).toMatch(/^LTX_API_BASE_URL /);
    expect((caught as Error).message).not.toContain('s3cretpw');
  });

  it('redactUrlText cuts credentials and queries of every URL in a text', () => {
    expect(redactUrlText('connect https://u:p4ss@h.example/x?sig=1 and ftp://a:b@c failed')).toBe(
      'connect https://[redacted]@h.example/x and ftp://[redacted]@c failed',
    );
  });

  it('redactUrl keeps origin and path only', () => {
    expect(redactUrl('https://storage.example.com/b/o.png?X-Goog-Signature=abc#x')).toBe(
      'https://storage.example.com/b/o.png',
    );
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-15T10:00:00.000Z');
  it.each([
    ['5', 5000],
    ['0', 0],
    [' 1.5 ', 1500],
    ['Thu, 15 Jan 2026 10:00:30 GMT', 30_000],
    ['Thu, 15 Jan 2026 09:59:00 GMT', 0],
    ['soon', undefined],
    ['', undefined],
    [null, undefined],
  ])('%s -> %s ms', (header, expected) => {
    expect(parseRetryAfter(header, now)).toBe(expected);
  });
});
