import {
  CATALOG_CHECKED_ON,
  catalogFindings,
  isUnknownValueFinding,
  type ProviderName,
  requestBodySchema,
  showValue,
} from '@ltx-jobs/core';

/** A body that passed the endpoint's schema, or the reasons it did not (`field: problem; ...`). */
export type ValidationResult = { ok: true; body: Record<string, unknown> } | { ok: false; message: string };

/** How strictly to read bodies. */
export interface ValidationOptions {
  /**
   * Accept values the capability table does not know (a newer model id, size, fps or duration), as
   * the real API would once it has them. Default false: the simulator knows exactly the table
   * (features the table marks unconfirmed, like camera_motion on ltx-2-3-fast, are accepted).
   */
  acceptUnknownValues?: boolean;
}

/**
 * Checks a request body with core's own zod schema for the endpoint and, for LTX, core's capability
 * table (one source of truth for what a valid body is): a combination the table knows to be refused
 * is refused, and so is a value it does not know unless `acceptUnknownValues`. The message names each
 * failing field by its JSON path, e.g. `duration: ...`.
 */
export function validateBody(
  provider: ProviderName,
  endpoint: string,
  body: unknown,
  options: ValidationOptions = {},
): ValidationResult {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, message: 'Request body must be a JSON object' };
  }
  const schema = requestBodySchema(provider, endpoint);
  if (schema === undefined) return { ok: false, message: `Unknown ${provider} endpoint "${endpoint}"` };
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const path = issue.path.map(String).join('.');
      return path === '' ? issue.message : `${path}: ${issue.message}`;
    });
    return { ok: false, message: problems.join('; ') };
  }
  const valid = body as Record<string, unknown>;
  if (provider === 'ltx' && options.acceptUnknownValues !== true) {
    // A value newer than the table (model id, size, fps, duration) is refused like the real API would
    // before it serves it; an unconfirmed feature (camera_motion on ltx-2-3-fast) is taken, as the
    // OpenAPI document allows it for every model.
    const unknown = catalogFindings(endpoint, valid).filter(
      (f) => isUnknownValueFinding(f) && f.code !== 'unconfirmed-feature',
    );
    if (unknown.length > 0) {
      const fields = unknown.map((f) => `${f.field}: ${showValue(valid[f.field])}`).join('; ');
      return {
        ok: false,
        message: `${fields}: not supported (this simulator knows the capability table of ${CATALOG_CHECKED_ON}; start it with acceptUnknownValues / --accept-unknown to accept newer values)`,
      };
    }
  }
  return { ok: true, body: valid };
}
