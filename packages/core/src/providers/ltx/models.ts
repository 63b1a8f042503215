import { z } from 'zod';
import { CATALOG_CHECKED_ON, defaultModelFor, knownDurations, listModels } from '../../catalog/lookup.js';

// The zod fields whose allowed values come from the capability table (catalog/table.ts). They accept
// any well-formed value: what the table knows to be impossible is refused by `catalogFindings` (wired
// in requests.ts), what it does not know is a warning, so a model or size newer than the table still
// goes out.

/** Every model id of the table (current, deprecated and removed). */
export const LTX_MODEL_IDS: readonly string[] = listModels().map((m) => m.id);

/** `camera_motion` values (OpenAPI `TextToVideoRequestCameraMotion`). */
export const LTX_CAMERA_MOTIONS = [
  'dolly_in',
  'dolly_out',
  'dolly_left',
  'dolly_right',
  'jib_up',
  'jib_down',
  'static',
  'focus_shift',
] as const;

function modelNotes(endpoint: string): string {
  const lines = listModels()
    .filter((m) => m.status !== 'current' || (m.endpoints as readonly string[]).includes(endpoint))
    .map((m) => `${m.id}: ${m.summary}`);
  return lines.join('\n');
}

/**
 * `model` of `endpoint`: any non-empty id; required unless the endpoint has a default (then
 * optional, with that default). Its description lists the models of the table for that endpoint.
 */
export function ltxModelField(endpoint: string) {
  const fallback = defaultModelFor(endpoint);
  const current = listModels()
    .filter((m) => m.status === 'current' && (m.endpoints as readonly string[]).includes(endpoint))
    .map((m) => m.id);
  const description = `Model id (capability table of ${CATALOG_CHECKED_ON}).${fallback ? ` Default ${fallback}.` : ''}\n${modelNotes(endpoint)}`;
  const field = z.string().min(1);
  if (fallback === undefined) return field.meta({ description, examples: current });
  return field.optional().meta({ description, examples: current, default: fallback });
}

/** `WIDTHxHEIGHT` (the API takes no `1080p` shorthand). Which sizes a model renders: the table. */
export const ltxResolutionField = z
  .string()
  .regex(/^[1-9]\d{1,4}x[1-9]\d{1,4}$/, { error: 'expected WIDTHxHEIGHT, e.g. 1920x1080' })
  .describe(
    'WIDTHxHEIGHT, e.g. 1920x1080, 1280x720 or 1080x1920 (portrait). Allowed sizes depend on the model.',
  );

/** Frames per second; which rates a model renders at which size: the table. API default 24. */
export const ltxFpsField = z.int().positive().optional().meta({
  description: 'Frames per second: 24, 25, 48 or 50 depending on model and size. Default 24.',
  default: 24,
});

/** Seconds (whole), or `null` for "the server picks the length" on models that allow it (LTX-2.5). */
export const ltxDurationField = z
  .union([z.int().positive(), z.null()])
  .describe(
    `Length in seconds: ${knownDurations().join(', ')} depending on model, size and fps (12-20 s: Fast models at 720p/1080p and 24/25 fps). null = auto length (LTX-2.5 models).`,
  );
