import type { z } from 'zod';
import { UsageError } from '../errors/usage-error.js';
import type { ToolAnswer } from './request-tools.js';
import type { ListModelsInputSchema, ListModelsOutputSchema } from './schemas.js';

/** `ltx_list_models`: PLACEHOLDER until the capability table (packages/core/src/catalog) lands. */
export async function listModelsTool(
  _input: z.infer<typeof ListModelsInputSchema>,
): Promise<ToolAnswer<z.infer<typeof ListModelsOutputSchema>>> {
  throw new UsageError('The capability table is not available in this build');
}
