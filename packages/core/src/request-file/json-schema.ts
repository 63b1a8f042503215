import { z } from 'zod';
import { CATALOG_SCHEMA_COMMENT, catalogJsonSchemaRules } from '../catalog/json-schema-rules.js';
import { PROVIDERS } from '../job-states.js';
import { ENDPOINTS_BY_PROVIDER, requestBodySchema } from '../providers/body-schemas.js';
import { editorHintsOnly } from './json-schema-editor.js';
import { RequestFileSchema } from './schema.js';

const OPTIONS = { target: 'draft-7', io: 'input', unrepresentable: 'any' } as const;

/** A JSON Schema `if`/`then` pair. */
function ifThen(
  condition: Record<string, unknown>,
  consequence: Record<string, unknown>,
): Record<string, unknown> {
  // biome-ignore lint/suspicious/noThenProperty: `then` is the JSON Schema keyword, not a thenable.
  return { if: condition, then: consequence };
}

function bodyJsonSchema(
  provider: string,
  endpoint: string,
  schema: z.ZodType,
  withRules: boolean,
): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, OPTIONS) as Record<string, unknown>;
  const rules = provider === 'ltx' && withRules ? catalogJsonSchemaRules(endpoint) : [];
  return rules.length > 0 ? { ...rest, allOf: rules } : rest;
}

/** Options of {@link requestFileJsonSchema}. */
export interface RequestFileJsonSchemaOptions {
  /**
   * `validating` (default): the full schema, for any editor or tool: shapes, enums, required fields and
   * the capability table's rules as `if`/`then`. `editor-hints`: the same structure with every
   * validation keyword turned into a hint (descriptions, property and value suggestions), for the VS
   * Code extension, whose own diagnostics report each mistake once, with the same messages as the CLI.
   */
  mode?: 'validating' | 'editor-hints';
}

/**
 * The JSON Schema (draft-07) of `*.ltx.json` request files, generated from the same zod schemas and
 * capability table that {@link parseRequestFile} uses: the envelope, then one `if`/`then` per
 * provider (allowed endpoints) and per provider + endpoint (the request body, with the table's
 * cross-field rules: model x endpoint, model x size x fps x duration). A value the table does not know
 * passes (the CLI sends it with a warning).
 */
export function requestFileJsonSchema(options: RequestFileJsonSchemaOptions = {}): Record<string, unknown> {
  const envelope = z.toJSONSchema(RequestFileSchema, OPTIONS) as Record<string, unknown>;
  const allOf: Record<string, unknown>[] = [];
  for (const provider of PROVIDERS) {
    const endpoints = ENDPOINTS_BY_PROVIDER[provider];
    allOf.push(
      ifThen(
        { properties: { provider: { const: provider } }, required: ['provider'] },
        { properties: { endpoint: { enum: [...endpoints] } } },
      ),
    );
    for (const endpoint of endpoints) {
      const schema = requestBodySchema(provider, endpoint);
      if (!schema) continue;
      allOf.push(
        ifThen(
          {
            properties: { provider: { const: provider }, endpoint: { const: endpoint } },
            required: ['provider', 'endpoint'],
          },
          // The editor variant has no use for rules it cannot report: only validation keywords.
          {
            properties: {
              request: bodyJsonSchema(provider, endpoint, schema, options.mode !== 'editor-hints'),
            },
          },
        ),
      );
    }
  }
  const full = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'LTX Jobs request file',
    $comment: CATALOG_SCHEMA_COMMENT,
    ...envelope,
    allOf,
  };
  return options.mode === 'editor-hints' ? editorHintsOnly(full) : full;
}
