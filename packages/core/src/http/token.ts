import { ConfigError } from '../errors/config-error.js';

/**
 * True when `token` can travel as `Authorization: Bearer <token>`: one or more visible ASCII characters
 * (0x21-0x7E), no spaces, line breaks or typographic quotes.
 */
export function isHeaderSafeToken(token: string): boolean {
  return /^[\x21-\x7e]+$/.test(token);
}

/**
 * Throws a {@link ConfigError} that names `what` (e.g. `The LTX API key`) but never quotes the token
 * when it cannot be sent in a header. Checked before any request: `fetch` itself would reject such a
 * header with a TypeError that quotes the whole value, secret included.
 */
export function assertHeaderSafeToken(token: string, what: string): void {
  if (isHeaderSafeToken(token)) return;
  throw new ConfigError(
    `${what} contains a character that cannot be sent in an HTTP header (a space, a line break or a non-ASCII character such as a typographic quote); copy the key again`,
  );
}
