/** The provider's own error pair, as far as the body tells it. */
export interface ProviderErrorInfo {
  /** LTX `error.type` (e.g. `rate_limit_error`); absent for useapi, which sends only a message and code. */
  type?: string;
  message?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads an error body of either provider: LTX's envelope `{type:'error', error:{type,message}}` or
 * useapi's `{error, code}`. Anything else gives `{}`.
 */
export function extractProviderError(body: unknown): ProviderErrorInfo {
  if (!isRecord(body)) return {};
  const inner = body.error;
  if (isRecord(inner)) {
    const info: ProviderErrorInfo = {};
    if (typeof inner.type === 'string') info.type = inner.type;
    if (typeof inner.message === 'string') info.message = inner.message;
    return info;
  }
  if (typeof inner === 'string') return { message: inner };
  if (typeof body.message === 'string') return { message: body.message };
  return {};
}
