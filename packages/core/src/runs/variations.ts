import { canonicalJson } from '../ledger/hash.js';
import type { RequestFile } from '../request-file/types.js';
import { MAX_VARIANTS_PER_FILE, type Variations } from './variations-schema.js';

/** Where one value of a variant came from in the file (to point an issue at it). */
export type VariantOrigin = { field: string; segments: (string | number)[] };

/** One job a request file with `variations` expands into. */
export interface Variant {
  /** 0-based position among the file's variants. */
  index: number;
  /** 1-based take of its combination (`count`). */
  take: number;
  /**
   * Stable identity of the variant: the file's name, its 1-based index and the values it sets, e.g.
   * `lighthouse.ltx.json#3 {"model":"ltx-2-3-pro"}`. Part of the input hash, so each variant claims
   * a hash of its own (repeats are intended) while the same file submitted again repeats every hash.
   */
  key: string;
  /** The fields this variant sets (matrix values, and `prompt` when it comes from `prompts`). */
  values: Record<string, unknown>;
  /** Where each set field came from: `$.variations.matrix.model[1]`, `$.variations.prompts[0]`. */
  origins: VariantOrigin[];
  /** Job name: the file's name plus `-v03` and the matrix values, e.g. `lighthouse-v03-ltx-2-3-pro`. */
  name: string;
  /** The request body of this variant. */
  request: Record<string, unknown>;
}

/** The number of jobs a `variations` block makes (prompts x combinations x count). */
export function variantCount(variations: Variations): number {
  let total = (variations.prompts?.length ?? 1) * (variations.count ?? 1);
  for (const values of Object.values(variations.matrix ?? {})) total *= values.length;
  return total;
}

/** The last path segment of a file path or URI, decoded: `/a/b/x.ltx.json` -> `x.ltx.json`. */
export function fileBaseName(fileLabel: string): string {
  const last =
    fileLabel
      .split(/[\\/]/)
      .filter((s) => s !== '')
      .pop() ?? fileLabel;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** A request file's job name: its `name`, else its file name without `.ltx.json`. */
export function baseJobName(file: Pick<RequestFile, 'name'>, fileLabel: string): string {
  return file.name ?? fileBaseName(fileLabel).replace(/\.ltx\.json$/i, '');
}

function slug(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text
    .replace(/[^A-Za-z0-9.]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 24);
}

/**
 * Expands a request file's `variations` into its jobs, in a stable order: each prompt, then each
 * matrix combination (the first matrix field varies slowest), then each take. A file without
 * `variations` gives no variants (it is one plain job). Throws RangeError above
 * {@link MAX_VARIANTS_PER_FILE} (the validator reports that as an issue first).
 * @param fileLabel path or URI of the file; its base name is part of each variant key.
 */
export function expandVariations(
  file: RequestFile & { variations?: Variations },
  fileLabel: string,
): Variant[] {
  const variations = file.variations;
  if (variations === undefined) return [];
  const total = variantCount(variations);
  if (total > MAX_VARIANTS_PER_FILE) {
    throw new RangeError(`variations make ${total} jobs; at most ${MAX_VARIANTS_PER_FILE} per file`);
  }
  const fileName = fileBaseName(fileLabel);
  const base = baseJobName(file, fileLabel);
  const width = String(total).length;
  const matrix = Object.entries(variations.matrix ?? {});
  const prompts: (string | undefined)[] = variations.prompts ?? [undefined];
  const combos = combinations(matrix.map(([, values]) => values.length));
  const variants: Variant[] = [];
  for (const [p, prompt] of prompts.entries()) {
    for (const combo of combos) {
      for (let take = 1; take <= (variations.count ?? 1); take++) {
        const index = variants.length;
        const values: Record<string, unknown> = {};
        const origins: VariantOrigin[] = [];
        if (prompt !== undefined) {
          values.prompt = prompt;
          origins.push({ field: 'prompt', segments: ['variations', 'prompts', p] });
        }
        matrix.forEach(([field, options], m) => {
          const at = combo[m] ?? 0;
          values[field] = options[at];
          origins.push({ field, segments: ['variations', 'matrix', field, at] });
        });
        const shown = matrix.map(([field]) => slug(values[field])).filter((s) => s !== '');
        const number = String(index + 1).padStart(width, '0');
        const key = `${fileName}#${index + 1}${Object.keys(values).length > 0 ? ` ${canonicalJson(values)}` : ''}`;
        variants.push({
          index,
          take,
          key,
          values,
          origins,
          name: [`${base}-v${number}`, ...shown].join('-').slice(0, 100),
          request: { ...file.request, ...structuredClone(values) },
        });
      }
    }
  }
  return variants;
}

/** Every combination of indices for lists of these lengths, the first varying slowest. */
function combinations(lengths: readonly number[]): number[][] {
  let out: number[][] = [[]];
  for (const length of lengths) {
    const next: number[][] = [];
    for (const prefix of out) for (let i = 0; i < length; i++) next.push([...prefix, i]);
    out = next;
  }
  return out;
}
