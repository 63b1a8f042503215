import { z } from 'zod';
import { PROVIDERS } from '../job.js';
import { ENDPOINTS_BY_PROVIDER, requestBodySchema } from '../providers/body-schemas.js';
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

function bodyJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, OPTIONS) as Record<string, unknown>;
  return rest;
}

/**
 * The JSON Schema (draft-07) of `*.ltx.json` request files, generated from the same zod schemas that
 * {@link parseRequestFile} uses: the envelope, then one `if`/`then` per provider (allowed endpoints)
 * and per provider + endpoint (the request body). Cross-field rules (model x resolution x fps x
 * duration and the like) are checked only by the parser. For VS Code's `jsonValidation`.
 */
export function requestFileJsonSchema(): Record<string, unknown> {
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
          { properties: { request: bodyJsonSchema(schema) } },
        ),
      );
    }
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'LTX Jobs request file',
    ...envelope,
    allOf,
  };
}
