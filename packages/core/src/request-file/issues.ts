import { z } from 'zod';
import type { RequestFileIssue } from '../errors/request-file-error.js';

type Segment = string | number;

/** `$.request.duration`, `$.items[0]`, `$["odd key"]`. */
export function formatJsonPath(segments: readonly Segment[]): string {
  return `$${segments
    .map((s) => {
      if (typeof s === 'number') return `[${s}]`;
      const name = clip(s, 40);
      return /^[A-Za-z_$][\w$]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
    })
    .join('')}`;
}

/** A short, quoted rendering of a JSON value for messages: `"abc"`, `7`, `an object`. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}..."` : text;
}

/** `text` cut to `max` characters with an ellipsis, for echoing names and values in messages. */
export function clip(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Edit distance of two short strings (insertions, deletions, substitutions, adjacent swaps). */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** The allowed name a mistyped `key` most likely meant (at most 2 edits, case ignored), if any. */
export function closestName(key: string, allowed: readonly string[]): string | undefined {
  if (key.length > 40) return undefined;
  let best: { name: string; d: number } | undefined;
  for (const name of allowed) {
    const d = distance(key.toLowerCase(), name.toLowerCase());
    if (d <= Math.min(2, Math.floor(name.length / 3)) && (best === undefined || d < best.d))
      best = { name, d };
  }
  return best?.name;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let current = schema;
  for (let i = 0; i < 10 && current && !(current instanceof z.ZodObject); i++) {
    current = (current as unknown as { _zod: { def: { innerType?: z.ZodType } } })._zod.def.innerType;
  }
  return current;
}

/** Property names the object schema at `path` allows (for "unknown property" messages). */
function allowedKeysAt(schema: z.ZodType | undefined, path: readonly PropertyKey[]): string[] {
  let current = unwrap(schema);
  for (const key of path) {
    if (!(current instanceof z.ZodObject)) return [];
    current = unwrap((current.shape as Record<string, z.ZodType>)[String(key)]);
  }
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}

const EXPECTED_NAMES: Record<string, string> = {
  int: 'an integer',
  null: 'null',
  object: 'an object',
  record: 'an object',
  array: 'an array',
};

function bound(
  issue: { origin?: string; inclusive?: boolean },
  limit: unknown,
  side: 'min' | 'max',
  value: unknown,
) {
  if (issue.origin === 'string') {
    const length = typeof value === 'string' ? value.length : 0;
    if (side === 'min' && limit === 1) return `expected a non-empty string; got ${showValue(value)}`;
    return `expected ${side === 'min' ? 'at least' : 'at most'} ${String(limit)} characters; got ${length}`;
  }
  const op = side === 'min' ? (issue.inclusive ? '>=' : '>') : issue.inclusive ? '<=' : '<';
  return `expected a number ${op} ${String(limit)}; got ${showValue(value)}`;
}

function expectedOf(issue: z.core.$ZodIssue): string | undefined {
  if (issue.code === 'invalid_type') return EXPECTED_NAMES[issue.expected] ?? `a ${issue.expected}`;
  if (issue.code === 'invalid_value') {
    const values = issue.values.map((v) => showValue(v));
    return values.length === 1 ? values[0] : `one of ${values.join(', ')}`;
  }
  return undefined;
}

function messageOf(issue: z.core.$ZodIssue, value: unknown, key: Segment | undefined): string {
  const expected = expectedOf(issue);
  if (expected !== undefined && value === undefined) {
    return `missing required property ${JSON.stringify(key ?? '')} (expected ${expected})`;
  }
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${expected}, got ${typeName(value)}${typeof value === 'object' ? '' : ` ${showValue(value)}`}`;
    case 'invalid_value':
      return `expected ${expected}; got ${showValue(value)}`;
    case 'too_small':
      return bound(issue, issue.minimum, 'min', value);
    case 'too_big':
      return bound(issue, issue.maximum, 'max', value);
    case 'invalid_format':
      if (issue.format === 'regex' && !issue.message.startsWith('Invalid'))
        return `${issue.message}; got ${showValue(value)}`;
      return `expected ${issue.format === 'url' ? 'a URL' : `a ${issue.format} string`}; got ${showValue(value)}`;
    case 'invalid_union': {
      const options = issue.errors.map((branch) => (branch[0] ? expectedOf(branch[0]) : undefined));
      if (options.every((o) => o !== undefined))
        return `expected ${[...new Set(options)].join(' or ')}; got ${showValue(value)}`;
      return `${issue.message}; got ${showValue(value)}`;
    }
    case 'custom':
      return issue.message;
    default:
      return `${issue.message}; got ${showValue(value)}`;
  }
}

/** The `code` and `fix` a capability-table refinement put in a custom issue's `params.catalog`. */
function catalogParams(params: unknown): Pick<RequestFileIssue, 'code' | 'fix'> | undefined {
  const catalog = (params as { catalog?: Pick<RequestFileIssue, 'code' | 'fix'> } | undefined)?.catalog;
  if (catalog === undefined) return undefined;
  return { ...(catalog.code && { code: catalog.code }), ...(catalog.fix && { fix: catalog.fix }) };
}

/**
 * Turns zod issues into {@link RequestFileIssue}s (without locations): JSON paths under `prefix`,
 * messages that say what was expected and what was found, one issue per unknown property.
 * @param context.value the data that was parsed; context.schema the schema used.
 */
export function zodIssuesToRequestFileIssues(
  issues: readonly z.core.$ZodIssue[],
  context: { value: unknown; schema?: z.ZodType; prefix?: readonly Segment[] },
): RequestFileIssue[] {
  const prefix = context.prefix ?? [];
  const out: RequestFileIssue[] = [];
  for (const issue of issues) {
    const path = issue.path as Segment[];
    if (issue.code === 'unrecognized_keys') {
      const allowed = allowedKeysAt(context.schema, path);
      for (const key of issue.keys) {
        const segments = [...prefix, ...path, key];
        const near = closestName(key, allowed);
        const hint = near
          ? `; did you mean "${near}"?`
          : allowed.length > 0
            ? `; expected one of ${allowed.join(', ')}`
            : '';
        out.push({
          path: formatJsonPath(segments),
          segments,
          message: `unknown property ${showValue(key)}${hint}`,
          code: 'unknown-property',
          fix: near
            ? { kind: 'rename', title: `Rename to "${near}"`, key: near }
            : { kind: 'remove', title: `Remove "${clip(key, 40)}"` },
        });
      }
      continue;
    }
    const segments = [...prefix, ...path];
    const message = messageOf(issue, valueAt(context.value, path), path[path.length - 1]);
    const catalog = issue.code === 'custom' ? catalogParams(issue.params) : undefined;
    out.push({ path: formatJsonPath(segments), segments, message, ...catalog });
  }
  return out;
}
