import { createHash } from 'node:crypto';
import type { ProviderName } from '../job.js';

/**
 * JSON with object keys sorted at every depth, so equal values give equal text whatever the key order.
 * Array order is kept; `undefined` object members are dropped (as JSON.stringify does).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : sortKeys(item)));
  if (value === null || typeof value !== 'object') return value;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const member = (value as Record<string, unknown>)[key];
    if (member !== undefined) sorted[key] = sortKeys(member);
  }
  return sorted;
}

/**
 * Fingerprint of one submission: sha256 (hex) over the canonical JSON of
 * `{ provider, endpoint, request }`, with the request as written in the file (before media upload).
 * `variant` (a run's variant key, see `expandVariations`) joins the hashed data, so each intended
 * repeat of a request claims a hash of its own; without it the hash is the plain request's.
 */
export function hashInput(
  provider: ProviderName,
  endpoint: string,
  request: unknown,
  variant?: string,
): string {
  const input =
    variant === undefined ? { provider, endpoint, request } : { provider, endpoint, request, variant };
  return createHash('sha256').update(canonicalJson(input)).digest('hex');
}
