import { ConfigError } from '../errors/config-error.js';
import { registerSecret } from './secrets.js';

/**
 * True when `token` can travel as `Authorization: Bearer <token>`: one or more visible ASCII characters
 * (0x21-0x7E), no spaces, line breaks or typographic quotes.
 */
export function isHeaderSafeToken(token: string): boolean {
  return /^[\x21-\x7e]+$/.test(token);
}

/**
 * Checks an API key given to a client factory: a {@link ConfigError} `<what> is missing` for an empty
 * or blank one, else {@link assertHeaderSafeToken}. A good key is registered as a secret
 * ({@link registerSecret}), so every answer of every server is cleaned of it from then on.
 * @param what how messages name the key, e.g. `The LTX API key`.
 */
export function requireApiKey(token: string, what: string): void {
  if (!token.trim()) throw new ConfigError(`${what} is missing`);
  assertHeaderSafeToken(token, what);
  registerSecret(token);
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
