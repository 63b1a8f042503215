import { ConfigError } from '../errors/config-error.js';

/** True for `localhost`, any 127.0.0.0/8 address and `::1` (the hosts allowed over plain http). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost') || host === '::1') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Checks a configured API base URL and returns it without a trailing slash. `https:` is required;
 * `http:` is allowed only on loopback (localhost, 127.0.0.0/8, ::1), e.g. for the simulator.
 * Credentials, query strings and fragments are refused so nothing secret hides in the URL.
 * @param name what the URL configures, used in the message (e.g. `ltxJobs.ltx.baseUrl`).
 * @throws ConfigError saying which rule the URL breaks.
 */
export function validateBaseUrl(url: string, name: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw new ConfigError(`${name} is not a valid URL: "${redactUrlText(url.trim())}"`);
  }
  if (parsed.username || parsed.password) {
    throw new ConfigError(`${name} must not contain credentials; put the API key in its own setting`);
  }
  if (parsed.search || parsed.hash) {
    throw new ConfigError(
      `${name} must not have a query string or fragment: "${parsed.origin}${parsed.pathname}"`,
    );
  }
  if (parsed.protocol === 'http:' && !isLoopbackHost(parsed.hostname)) {
    throw new ConfigError(
      `${name} must use https:// (plain http:// is allowed only on localhost, 127.0.0.0/8 or ::1); got "${parsed.origin}"`,
    );
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new ConfigError(`${name} must be an https:// URL; got protocol "${parsed.protocol}"`);
  }
  return `${parsed.origin}${parsed.pathname}`.replace(/\/+$/, '');
}

/** Origin + path of `url`, without query, fragment or credentials: safe for errors and logs. */
export function redactUrl(url: string): string {
  // Fast path for the URLs the clients build themselves (checked base URL + path): nothing to cut.
  if (/^https?:\/\/[^/?#@\s]+(\/[^?#@\s]*)?$/.test(url)) return url;
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '<invalid url>';
  }
}

/**
 * Text that may hold URLs (an invalid setting, a transport message) with the credentials of every URL
 * in it cut: `https://user:pass@host` -> `https://[redacted]@host`, and with query strings dropped.
 */
export function redactUrlText(text: string): string {
  return text
    .replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s"'<>]*@/gi, '$1[redacted]@')
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s?#]*)[?#][^\s"']*/gi, '$1');
}
