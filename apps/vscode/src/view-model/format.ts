/** Pure formatting helpers shared by the tree and the status bar. No `vscode` import. */

/**
 * A duration as the tree shows it: `42s`, `3m 07s`, `2h 05m`, `3d 4h`. Negative input counts as 0.
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
 * A byte count with a binary unit: `512 B`, `1.5 KiB`, `12.3 MiB`.
 * @param bytes size in bytes
 */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** Epoch milliseconds of an ISO-8601 string, or undefined when absent or unparseable. */
export function parseTime(iso: string | undefined): number | undefined {
  if (iso === undefined) return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The last path segment of a file path or URI string (`/a/b/c.ltx.json` -> `c.ltx.json`). */
export function baseName(pathOrUri: string): string {
  const trimmed = pathOrUri.replace(/[/\\]+$/, '');
  const cut = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  const last = trimmed.slice(cut + 1);
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/**
 * A count with its noun, singular or plural: `1 job`, `2 jobs`, `0 artifacts`.
 * @param plural defaults to `noun` + `s`
 */
export function countOf(count: number, noun: string, plural = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : plural}`;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
