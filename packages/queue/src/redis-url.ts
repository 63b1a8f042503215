import { registerSecret, UsageError } from '@ltx-jobs/core';

/** Where a team queue lives: a `redis://` or `rediss://` URL (user, password and database number optional). */
export interface RedisTarget {
  /** The URL as given (holds the password, if any: never print it; see {@link redactRedisUrl}). */
  url: string;
  /** The URL with the password replaced by `***`, safe to print. */
  shown: string;
}

const SCHEMES = new Set(['redis:', 'rediss:']);

/**
 * Replaces the password of every `redis://user:password@host` (or `rediss://`) in `text` by `***`.
 * Applied to every message that could hold a queue URL (errors of the Redis client included).
 */
export function redactRedisUrl(text: string): string {
  return text.replace(/(rediss?:\/\/[^:/@\s]*:)[^@\s]*@/gi, '$1***@');
}

/**
 * Parses a queue URL (`--queue` / `LTX_JOBS_QUEUE`). Throws with a message that names the setting and
 * never shows the password. The password is registered with the core's redaction, so a log line or
 * error that carries it prints `[redacted]`.
 */
export function parseRedisTarget(value: string, setting = '--queue'): RedisTarget {
  const text = value.trim();
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new UsageError(
      `${setting}: "${redactRedisUrl(text)}" is not a URL; expected redis://[user:password@]host[:port][/db]`,
    );
  }
  if (!SCHEMES.has(parsed.protocol)) {
    throw new UsageError(
      `${setting}: expected a redis:// or rediss:// URL, got ${parsed.protocol}//… (e.g. redis://127.0.0.1:6379)`,
    );
  }
  if (parsed.hostname === '') throw new UsageError(`${setting}: the URL has no host (redis://host:port)`);
  if (parsed.password) registerSecret(decodeURIComponent(parsed.password));
  return { url: text, shown: redactRedisUrl(text) };
}
