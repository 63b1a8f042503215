/**
 * Parses a `Retry-After` header: delay-seconds (`"120"`) or an HTTP date. Returns milliseconds from
 * `nowMs` (0 for a date in the past), or `undefined` when the header is absent or unreadable.
 * @param nowMs current epoch milliseconds (pass `deps.now()`).
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}
