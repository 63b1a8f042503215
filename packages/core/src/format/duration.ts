/**
 * A duration for people, two units at most: `42s`, `3m 07s`, `2h 05m`, `3d 4h`. Negative input counts
 * as 0.
 * @param ms milliseconds
 */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${pad(minutes)}m`;
  if (minutes > 0) return `${minutes}m ${pad(seconds)}s`;
  return `${seconds}s`;
}

/**
 * How long ago `thenMs` was, short enough for a narrow column: `just now`, `5m ago`, `2h ago`,
 * `3d ago`, `6w ago`, `2y ago`. A time in the future (a clock skew) reads `just now`.
 * @param thenMs epoch milliseconds of the event
 * @param nowMs epoch milliseconds of now
 */
export function formatAge(thenMs: number, nowMs: number): string {
  const seconds = Math.floor((nowMs - thenMs) / 1000);
  if (seconds < 60) return 'just now';
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ago`;
  const days = Math.floor(hours / 24);
  if (days < 14) return `${days}d ago`;
  if (days < 365) return `${Math.floor(days / 7)}w ago`;
  return `${Math.floor(days / 365)}y ago`;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
