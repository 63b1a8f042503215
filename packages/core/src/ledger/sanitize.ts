/** Keys whose values never go into a ledger record (compared case-insensitively, `-`/`_` ignored). */
const SECRET_KEYS = new Set([
  'authorization',
  'apikey',
  'token',
  'accesstoken',
  'cookie',
  'password',
  'secret',
]);
/** Longest data URI kept whole in a record, in characters (256). */
export const MAX_STORED_DATA_URI = 256;

/**
 * A copy of a request body fit for the ledger: values under secret-looking keys become `[redacted]`
 * and data URIs longer than {@link MAX_STORED_DATA_URI} are cut to their header plus their size
 * (a 7 MB base64 image has no business in a log that is read on every start).
 */
export function sanitizeForLedger(value: unknown): unknown {
  if (typeof value === 'string') {
    if (value.startsWith('data:') && value.length > MAX_STORED_DATA_URI) {
      const comma = value.indexOf(',');
      const header = comma > 0 && comma < 200 ? value.slice(0, comma) : 'data:';
      return `${header},… (${value.length} characters not stored)`;
    }
    return value;
  }
  if (Array.isArray(value)) return value.map(sanitizeForLedger);
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    copy[key] = SECRET_KEYS.has(key.toLowerCase().replace(/[-_]/g, ''))
      ? '[redacted]'
      : sanitizeForLedger(member);
  }
  return copy;
}
