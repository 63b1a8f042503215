import { BodyTooLargeError, type Exchange, readBody } from './http-kit.js';

/** A request body read as data, or why it could not be. */
export type BodyResult = { ok: true; value: unknown } | { ok: false; status: 400 | 413; message: string };

/** Largest JSON body the API routes take, bytes (25 MB: room for a 15 MB data URI). */
export const MAX_JSON_BYTES = 25 * 1024 * 1024;

async function formToObject(raw: Buffer, contentType: string): Promise<Record<string, unknown>> {
  const form = await new Response(new Uint8Array(raw), {
    headers: { 'content-type': contentType },
  }).formData();
  const out: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) out[key] = typeof value === 'string' ? value : value.name;
  return out;
}

/**
 * Reads a JSON body (or, when `allowForm`, `multipart/form-data` / urlencoded, as useapi takes).
 * An empty body reads as `{}`.
 */
export async function readBodyValue(ex: Exchange, allowForm: boolean): Promise<BodyResult> {
  let raw: Buffer;
  try {
    raw = await readBody(ex.req, MAX_JSON_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      return { ok: false, status: 413, message: `Request body exceeds ${MAX_JSON_BYTES} bytes` };
    }
    throw error;
  }
  const contentType = ex.req.headers['content-type'] ?? '';
  const isForm = /^(multipart\/form-data|application\/x-www-form-urlencoded)/i.test(contentType);
  if (isForm) {
    if (!allowForm) return { ok: false, status: 400, message: 'Content-Type must be application/json' };
    try {
      return { ok: true, value: await formToObject(raw, contentType) };
    } catch (error) {
      return { ok: false, status: 400, message: `Form body could not be read: ${(error as Error).message}` };
    }
  }
  if (raw.length === 0) return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(raw.toString('utf8')) as unknown };
  } catch (error) {
    return { ok: false, status: 400, message: `Request body is not valid JSON: ${(error as Error).message}` };
  }
}
