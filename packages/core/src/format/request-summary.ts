/** The request body fields, when it is an object (a tracked job has none). */
function fieldsOf(request: unknown): Record<string, unknown> | undefined {
  return typeof request === 'object' && request !== null && !Array.isArray(request)
    ? (request as Record<string, unknown>)
    : undefined;
}

/** The `prompt` of a request body, when it has a non-blank one. */
export function promptOf(request: unknown): string | undefined {
  const prompt = fieldsOf(request)?.prompt;
  return typeof prompt === 'string' && prompt.trim() !== '' ? prompt.trim() : undefined;
}

/**
 * `text` on one line, cut at a word boundary to at most `max` characters with `…` when longer.
 * @param max characters, including the ellipsis; default 40
 */
export function snippet(text: string, max = 40): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line.length <= max) return line;
  const cut = line.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,.;:]+$/, '')}…`;
}

/** Fields of a request body that are not settings worth listing (the prompt, media inputs). */
const NOT_SETTINGS = /^(prompt|.*_uri|.*Url|.*AssetId\d*|.*fileId)$/;

/**
 * The settings of a request body as `key: value` pairs for a tooltip or `status`, in the body's
 * order, without the prompt or media references, e.g. `[['model', 'ltx-2-3-fast'], ['duration', '6']]`.
 */
export function requestSettings(request: unknown): [string, string][] {
  const fields = fieldsOf(request);
  if (fields === undefined) return [];
  const settings: [string, string][] = [];
  for (const [key, value] of Object.entries(fields)) {
    if (NOT_SETTINGS.test(key) || value === undefined || value === null) continue;
    if (typeof value === 'object') continue;
    settings.push([key, String(value)]);
  }
  return settings;
}
