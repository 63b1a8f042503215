/** Pure formatting helpers of the tree and the status bar. No `vscode` import. Sizes, durations, ages and local times come from the core (one format for the CLI and the extension). */

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

/** Escapes Markdown's special characters so provider text shows as typed. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>]/g, (c) => `\\${c}`);
}

/** A provider's name in sentences: `LTX`, `useapi.net`. */
export const PROVIDER_NAMES: Readonly<Record<'ltx' | 'useapi', string>> = {
  ltx: 'LTX',
  useapi: 'useapi.net',
};
