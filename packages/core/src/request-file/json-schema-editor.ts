type Schema = Record<string, unknown>;

/** Keywords that make VS Code's JSON service report a problem; dropped from the editor schema. */
const VALIDATION_KEYWORDS = new Set([
  'required',
  'additionalProperties',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'pattern',
  'format',
  'not',
  'minItems',
  'maxItems',
  'const',
  'errorMessage',
  'examples',
  'default',
]);

/** Keywords whose value maps names (property names, definitions) to schemas. */
const NAMED_SCHEMAS = new Set(['properties', 'patternProperties', 'definitions', '$defs']);

/** Every JSON type: a `type` list that starts with the real one never fails but still guides inserts. */
const ALL_TYPES = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'];

function anyType(type: unknown): string[] {
  const first = Array.isArray(type) ? String(type[0]) : String(type);
  return [first, ...ALL_TYPES.filter((t) => t !== first)];
}

function hintsOnly(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(hintsOnly);
  if (typeof node !== 'object' || node === null) return node;
  const schema = node as Schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'if') out.if = value;
    else if (NAMED_SCHEMAS.has(key) && typeof value === 'object' && value !== null) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, hintsOnly(sub)]));
    } else if (key === 'type') out.type = anyType(value);
    else if (key === 'enum') {
      const descriptions = (schema.markdownEnumDescriptions ?? schema.enumDescriptions) as
        | string[]
        | undefined;
      out.defaultSnippets = (value as unknown[]).map((v, i) => ({
        label: JSON.stringify(v),
        body: v,
        ...(descriptions?.[i] ? { markdownDescription: descriptions[i] } : {}),
      }));
    } else if (key === 'enumDescriptions' || key === 'markdownEnumDescriptions') continue;
    else if (!VALIDATION_KEYWORDS.has(key)) out[key] = hintsOnly(value);
  }
  return out;
}

/**
 * The request-file schema for VS Code's `jsonValidation`: the same properties, descriptions and
 * per-endpoint structure (the `if` conditions are kept), but no keyword that VS Code would report as a
 * problem. Enums become value suggestions (`defaultSnippets`), `type` a list that always matches.
 * The extension's own diagnostics, from the core validator, report every mistake exactly once; with
 * the full schema VS Code would add a second, vaguer warning for the same value.
 */
export function editorHintsOnly(schema: Schema): Schema {
  return hintsOnly(schema) as Schema;
}
