import { catalogFindings } from './check.js';
import {
  CATALOG_CHECKED_ON,
  fpsFor,
  knownDurations,
  knownFps,
  knownResolutions,
  LTX_DEFAULT_FPS,
  listModels,
  resolutionInfo,
} from './lookup.js';
import type { CatalogModel } from './types.js';

type Schema = Record<string, unknown>;

/** A JSON Schema `if`/`then` pair (an object literal with `then` would read as a thenable to linters). */
function ifThen(condition: Schema, consequence: Schema): Schema {
  // biome-ignore lint/suspicious/noThenProperty: `then` is the JSON Schema keyword, not a thenable.
  return { if: condition, then: consequence };
}

/** `{properties: {field: {not: {enum: values}, errorMessage}}}`: the field may not take these values. */
function forbid(field: string, values: readonly unknown[], errorMessage: string): Schema {
  return { properties: { [field]: { not: { enum: [...values] }, errorMessage } } };
}

function whenModel(model: string, extra: Schema = {}, required: string[] = []): Schema {
  return {
    properties: { model: { const: model }, ...extra },
    required: ['model', ...required],
  };
}

/** Rules about the model itself on `endpoint` (removed, or not serving it), from the check's own words. */
function modelRules(endpoint: string): Schema[] {
  const rules: Schema[] = [];
  for (const model of listModels()) {
    const refusal = catalogFindings(endpoint, { model: model.id }).find(
      (f) => f.field === 'model' && f.severity === 'error',
    );
    if (refusal) {
      rules.push(
        ifThen(whenModel(model.id), {
          properties: { model: { not: { const: model.id }, errorMessage: refusal.message } },
        }),
      );
    }
  }
  return rules;
}

const known = knownResolutions().map((r) => r.id);

/** Size, fps, duration, auto-duration and feature rules of one model on text-/image-to-video. */
function videoRules(model: CatalogModel, endpoint: string): Schema[] {
  const video = model.video;
  if (!video || !(model.endpoints as readonly string[]).includes(endpoint)) return [];
  const rules: Schema[] = [];
  const otherSizes = known.filter((r) => !video.resolutions.includes(r));
  if (otherSizes.length > 0) {
    rules.push(
      ifThen(
        whenModel(model.id),
        forbid('resolution', otherSizes, `${model.id} renders ${video.resolutions.join(', ')}`),
      ),
    );
  }
  const sizesByFps = new Map<string, string[]>();
  for (const size of video.resolutions) {
    const key = fpsFor(model, size).join(',');
    sizesByFps.set(key, [...(sizesByFps.get(key) ?? []), size]);
  }
  for (const [key, sizes] of sizesByFps) {
    const allowed = key.split(',').map(Number);
    const badFps = knownFps().filter((f) => !allowed.includes(f));
    if (badFps.length === 0) continue;
    const message = `${model.id} renders ${allowed.join(', ')} fps at ${sizes.join(', ')}`;
    rules.push(
      ifThen(
        whenModel(model.id, { resolution: { enum: sizes } }, ['resolution']),
        forbid('fps', badFps, message),
      ),
    );
  }
  for (const row of video.envelope) {
    const sizes = video.resolutions.filter((r) => row.tiers.includes(resolutionInfo(r)?.tier ?? '720p'));
    const onSizes = { resolution: { enum: sizes } };
    const badDurations = knownDurations().filter((d) => !row.durations.includes(d));
    if (badDurations.length === 0) continue;
    const needsFps = row.fps.includes(LTX_DEFAULT_FPS) ? [] : ['fps'];
    rules.push(
      ifThen(
        whenModel(model.id, { ...onSizes, fps: { enum: [...row.fps] } }, ['resolution', ...needsFps]),
        forbid(
          'duration',
          badDurations,
          `${model.id} renders ${row.durations.join(', ')} s at ${row.tiers.join('/')} and ${row.fps.join('/')} fps`,
        ),
      ),
    );
  }
  if (!video.autoDuration) {
    rules.push(
      ifThen(whenModel(model.id), {
        properties: {
          duration: {
            not: { type: 'null' },
            errorMessage: `duration null (auto length) needs an LTX-2.5 model`,
          },
        },
      }),
    );
  }
  if (video.cameraMotion === 'no')
    rules.push(
      ifThen(whenModel(model.id), {
        properties: { camera_motion: { not: {}, errorMessage: `${model.id} does not take camera_motion` } },
      }),
    );
  if (endpoint === 'image-to-video' && video.lastFrame === 'no')
    rules.push(
      ifThen(whenModel(model.id), {
        properties: { last_frame_uri: { not: {}, errorMessage: `${model.id} does not take last_frame_uri` } },
      }),
    );
  return rules;
}

function audioRules(model: CatalogModel): Schema[] {
  const allowed = model.audioToVideo?.resolutions;
  if (!allowed || !(model.endpoints as readonly string[]).includes('audio-to-video')) return [];
  const others = known.filter((r) => !allowed.includes(r));
  if (others.length === 0) return [];
  return [
    ifThen(
      whenModel(model.id),
      forbid('resolution', others, `${model.id} renders ${allowed.join(', ')} on audio-to-video`),
    ),
  ];
}

/**
 * The capability table as JSON Schema `if`/`then` rules for the body of an LTX `endpoint`: what the
 * table knows to be refused (a removed model, a model that does not serve the endpoint, a size, fps or
 * duration outside the model's envelope). Values the table does not know pass, as in the CLI.
 */
export function catalogJsonSchemaRules(endpoint: string): Schema[] {
  const rules = modelRules(endpoint);
  for (const model of listModels()) {
    if (model.status === 'removed') continue;
    if (endpoint === 'text-to-video' || endpoint === 'image-to-video')
      rules.push(...videoRules(model, endpoint));
    if (endpoint === 'audio-to-video') rules.push(...audioRules(model));
  }
  return rules;
}

/** `$comment` for generated schemas: the table's date. */
export const CATALOG_SCHEMA_COMMENT = `Model, size, fps and duration rules from the LTX capability table checked on ${CATALOG_CHECKED_ON}.`;
