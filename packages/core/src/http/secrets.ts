/**
 * The process's secrets (API keys and tokens of both providers) and the one redaction that every text
 * from a server goes through before the core hands it on (errors, job messages, raw records, logs).
 * Clients register their key when they are built and again when they send it, so whatever builds a
 * client (CLI, extension, tests) is covered without doing anything.
 */

/** What a secret is replaced with. */
export const REDACTED = '[redacted]';

/** Secrets shorter than this are not searched for (a 3-letter test key would eat ordinary words). */
export const MIN_SECRET_LENGTH = 8;

/** How many leading characters of a secret mark a (possibly cut-off) echo of it. */
const HEAD_LENGTH = 8;

interface SecretForm {
  /** The spelling searched for (raw, JSON-escaped or URL-encoded). */
  text: string;
  head: string;
}

const registered = new Set<string>();
let forms: SecretForm[] = [];

function spellings(secret: string): string[] {
  const all = new Set([
    secret,
    JSON.stringify(secret).slice(1, -1),
    JSON.stringify(secret).slice(1, -1).replaceAll('/', '\\/'),
    encodeURIComponent(secret),
  ]);
  return [...all];
}

/**
 * Adds `secret` to the secrets every server text is cleaned of. Idempotent; blank or short values
 * (< {@link MIN_SECRET_LENGTH}) are ignored.
 */
export function registerSecret(secret: string | undefined): void {
  if (secret === undefined || registered.has(secret)) return;
  const trimmed = secret.trim();
  if (trimmed.length < MIN_SECRET_LENGTH) return;
  registered.add(secret);
  for (const text of spellings(trimmed)) {
    if (!forms.some((f) => f.text === text)) forms.push({ text, head: text.slice(0, HEAD_LENGTH) });
  }
  // Longest first, so a longer spelling is not half-replaced by a shorter one that starts alike.
  forms = forms.sort((a, b) => b.text.length - a.text.length);
}

/** True when at least one secret is registered (tests and diagnostics). */
export function hasRegisteredSecrets(): boolean {
  return forms.length > 0;
}

/** Length of the run of `text` from `at` that matches `form` from its start. */
function matchLength(text: string, at: number, form: string): number {
  let n = 0;
  while (n < form.length && at + n < text.length && text.charCodeAt(at + n) === form.charCodeAt(n)) n++;
  return n;
}

/**
 * `text` with every registered secret replaced by {@link REDACTED}: the raw value, its JSON-escaped and
 * URL-encoded spellings, and an echo cut off after at least its first 8 characters (a server that
 * truncates a message mid-key still leaks most of it).
 */
export function redactSecrets(text: string): string {
  if (forms.length === 0 || text.length < HEAD_LENGTH) return text;
  let out = text;
  for (const form of forms) {
    let at = out.indexOf(form.head);
    if (at === -1) continue;
    let result = '';
    let from = 0;
    while (at !== -1) {
      const length = matchLength(out, at, form.text);
      result += `${out.slice(from, at)}${REDACTED}`;
      from = at + length;
      at = out.indexOf(form.head, from);
    }
    out = result + out.slice(from);
  }
  return out;
}

/**
 * A copy of a JSON value (as `JSON.parse` returns it) with {@link redactSecrets} applied to every string
 * and key; the value itself when nothing had to change. Depth beyond 64 levels is cut to `null`.
 */
export function redactDeep<T>(value: T, depth = 0): T {
  if (forms.length === 0) return value;
  if (typeof value === 'string') return redactSecrets(value) as T;
  if (typeof value !== 'object' || value === null) return value;
  if (depth > 64) return null as T;
  if (Array.isArray(value)) {
    let changed = false;
    const items = value.map((item) => {
      const next = redactDeep(item, depth + 1);
      if (next !== item) changed = true;
      return next;
    });
    return (changed ? items : value) as T;
  }
  let changed = false;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const cleanKey = redactSecrets(key);
    const next = redactDeep(item, depth + 1);
    if (next !== item || cleanKey !== key) changed = true;
    // A JSON `__proto__` key is an own property; assigning it would set the prototype instead.
    Object.defineProperty(out, cleanKey, {
      value: next,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return (changed ? out : value) as T;
}
