import { z } from 'zod';
import { ProviderNameSchema } from '../job.js';
import { VariationsSchema } from '../runs/variations-schema.js';

/**
 * The envelope of a `*.ltx.json` request file. `request` is checked separately against the body
 * schema of `provider` + `endpoint` (see `requestBodySchema`).
 */
export const RequestFileSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Editor hint only; ignored.'),
    provider: ProviderNameSchema.meta({
      description:
        'ltx: the official LTX API. useapi: useapi.net LTX Studio (retired 2026-03-09, deprecated).',
      enumDescriptions: [
        'LTX official API (api.ltx.video, v2 async jobs)',
        'useapi.net LTX Studio API (deprecated)',
      ],
    }),
    endpoint: z.string().min(1).describe('text-to-video, ... for ltx; videos/ltx-create, ... for useapi.'),
    name: z
      .string()
      .min(1)
      .optional()
      .describe('Shown in job lists. Default: the file name without .ltx.json.'),
    request: z
      .record(z.string(), z.unknown())
      .describe('The API body, exactly as the endpoint takes it. Media fields may name local files.'),
    output: z.string().min(1).optional().describe('Folder for the results, relative to this file.'),
    variations: VariationsSchema.optional(),
  })
  .describe('An LTX Jobs request file: one generation request for the LTX API or useapi.net.');
