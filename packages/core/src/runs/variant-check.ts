import type { RequestFileIssue } from '../errors/request-file-error.js';
import { formatJsonPath, showValue } from '../request-file/issues.js';
import type { RequestFile } from '../request-file/types.js';
import { expandVariations, type Variant, variantCount } from './variations.js';
import { MAX_VARIANTS_PER_FILE, type Variations, VariationsSchema } from './variations-schema.js';

/** An issue before it is located in the text; `target: 'key'` points at a property's name. */
type Issue = RequestFileIssue & { target?: 'key' };

function issueAt(segments: (string | number)[], message: string): Issue {
  return { path: formatJsonPath(segments), segments, message };
}

/**
 * What the shape check of a `variations` block cannot say: it must vary something, stay within
 * {@link MAX_VARIANTS_PER_FILE} jobs, and not give `prompt` both as a list and in the matrix.
 * Empty when the block is absent or its shape is wrong (the schema reports that).
 */
export function variationsIssues(file: unknown): Issue[] {
  const raw = (file as { variations?: unknown } | null)?.variations;
  if (raw === undefined) return [];
  const parsed = VariationsSchema.safeParse(raw);
  if (!parsed.success) return [];
  const v = parsed.data;
  const issues: Issue[] = [];
  if (v.count === undefined && v.matrix === undefined && v.prompts === undefined) {
    issues.push(issueAt(['variations'], 'expected "count", "matrix" or "prompts"; got an empty object'));
  }
  if (v.matrix !== undefined && Object.keys(v.matrix).length === 0) {
    issues.push(issueAt(['variations', 'matrix'], 'expected at least one request field with values to try'));
  }
  if (v.prompts !== undefined && v.matrix?.prompt !== undefined) {
    issues.push(
      issueAt(
        ['variations', 'matrix', 'prompt'],
        'prompts are given twice: keep "variations.prompts" or this',
      ),
    );
  }
  const total = variantCount(v);
  if (total > MAX_VARIANTS_PER_FILE) {
    issues.push(
      issueAt(['variations'], `makes ${total} jobs; at most ${MAX_VARIANTS_PER_FILE} per request file`),
    );
  }
  return issues;
}

/**
 * `with model "ltx-2-3-pro", prompts[2]`: what sets this variant apart, for messages, leaving out the
 * value at `segments` (the issue already points at it).
 */
function describeVariant(variant: Variant, segments: readonly (string | number)[]): string {
  const parts = variant.origins
    .filter((o) => !samePath(o.segments, segments))
    .map((o) =>
      o.field === 'prompt' && o.segments[1] === 'prompts'
        ? `prompts[${String(o.segments[2])}]`
        : `${o.field} ${showValue(variant.values[o.field])}`,
    );
  return parts.length > 0 ? `with ${parts.join(', ')}` : '';
}

function samePath(a: readonly (string | number)[], b: readonly (string | number)[]): boolean {
  return a.length <= b.length && a.every((s, i) => s === b[i]);
}

/** True when `variant` carries the value at `segments`: a value in `variations` it uses, or any other. */
function carries(variant: Variant, segments: readonly (string | number)[]): boolean {
  if (segments[0] !== 'variations') return true;
  return variant.origins.some((o) => samePath(o.segments, segments) || samePath(segments, o.segments));
}

/** Moves an issue on a field a variant set to where that value is written in `variations`. */
function relocate(issue: Issue, variant: Variant): Issue {
  const [head, field, ...rest] = issue.segments;
  const origin = head === 'request' ? variant.origins.find((o) => o.field === field) : undefined;
  if (origin === undefined) return issue;
  const segments =
    issue.code === 'unknown-property' ? origin.segments.slice(0, -1) : [...origin.segments, ...rest];
  return { ...issue, segments, path: formatJsonPath(segments) };
}

/**
 * Runs `check` (issues of one request body, with paths under `$.request`) on what a file will send:
 * its `request`, or, with valid `variations`, each distinct variant's body. An issue on a value a
 * variant set points at that value in `variations` (e.g. `$.variations.matrix.model[1]`); one that
 * only some variants have says which (`with model "ltx-2-3-pro": ...`). Each issue is reported once.
 * With a malformed `variations` block the plain request is checked (prompt taken from `prompts`).
 */
export function checkEachBody(
  file: Record<string, unknown>,
  check: (body: Record<string, unknown>) => Issue[],
): Issue[] {
  const request = file.request as Record<string, unknown>;
  const parsed = file.variations === undefined ? undefined : VariationsSchema.safeParse(file.variations);
  if (parsed === undefined || !parsed.success || variationsIssues(file).length > 0) {
    const prompts = (file.variations as { prompts?: unknown } | undefined)?.prompts;
    const first = Array.isArray(prompts) ? prompts.find((p) => typeof p === 'string') : undefined;
    return check(first === undefined || 'prompt' in request ? request : { ...request, prompt: first });
  }
  const variants = expandVariations(
    { ...(file as unknown as RequestFile), variations: parsed.data as Variations },
    'file',
  );
  const seen = new Set<string>();
  const perVariant: { variant: Variant; issues: Issue[] }[] = [];
  for (const variant of variants) {
    const digest = JSON.stringify(variant.request);
    if (seen.has(digest)) continue;
    seen.add(digest);
    perVariant.push({ variant, issues: check(variant.request).map((i) => relocate(i, variant)) });
  }
  const idOf = (i: Issue) => `${i.path}\u0000${i.message}`;
  const having = new Map<string, Variant[]>();
  for (const { variant, issues } of perVariant) {
    for (const id of new Set(issues.map(idOf))) having.set(id, [...(having.get(id) ?? []), variant]);
  }
  const out: Issue[] = [];
  const reported = new Set<string>();
  for (const { variant, issues } of perVariant) {
    for (const issue of issues) {
      // The variants that carry the value the issue points at (all of them for the plain request).
      const owners = perVariant.filter((p) => carries(p.variant, issue.segments)).length;
      const which =
        having.get(idOf(issue))?.length === owners ? '' : describeVariant(variant, issue.segments);
      const shown = which === '' ? issue : { ...issue, message: `${which}: ${issue.message}` };
      if (reported.has(idOf(shown))) continue;
      reported.add(idOf(shown));
      out.push(shown);
    }
  }
  return out;
}
