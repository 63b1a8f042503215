import { type ProviderName, requestBodySchema } from '@ltx-jobs/core';

/** A body that passed the endpoint's schema, or the reasons it did not (`field: problem; ...`). */
export type ValidationResult = { ok: true; body: Record<string, unknown> } | { ok: false; message: string };

/**
 * Checks a request body with core's own zod schema for the endpoint (one source of truth for what a
 * valid body is). The message names each failing field by its JSON path, e.g. `duration: ...`.
 */
export function validateBody(provider: ProviderName, endpoint: string, body: unknown): ValidationResult {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, message: 'Request body must be a JSON object' };
  }
  const schema = requestBodySchema(provider, endpoint);
  if (schema === undefined) return { ok: false, message: `Unknown ${provider} endpoint "${endpoint}"` };
  const parsed = schema.safeParse(body);
  if (parsed.success) return { ok: true, body: body as Record<string, unknown> };
  const problems = parsed.error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    return path === '' ? issue.message : `${path}: ${issue.message}`;
  });
  return { ok: false, message: problems.join('; ') };
}
