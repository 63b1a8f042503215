import type { RequestFileFix } from '../errors/request-file-error.js';
import { clip, showValue } from '../request-file/issues.js';
import {
  CATALOG_CHECKED_ON,
  defaultModelFor,
  durationsFor,
  endpointTakesModel,
  fpsFor,
  knownDurations,
  knownFps,
  LTX_DEFAULT_FPS,
  listModels,
  modelInfo,
  modelsForEndpoint,
  resolutionInfo,
} from './lookup.js';
import { nearestNumber, nearestResolution, preferredModel } from './nearest.js';
import type { CatalogModel, Support } from './types.js';

/**
 * What the table says about one field of a request: `error` = known to be refused (nothing is sent),
 * `warning` = sent, but the table cannot vouch for it (unknown value, unconfirmed feature, deprecation).
 */
export interface CatalogFinding {
  /** Body field at fault, e.g. `duration`. */
  field: string;
  severity: 'error' | 'warning';
  /** `removed-model`, `unsupported-duration`, `unknown-model`, ... */
  code: string;
  message: string;
  fix?: RequestFileFix;
}

/** Codes of findings about values the table does not know; `strict` validation makes them errors. */
export const UNKNOWN_VALUE_CODES: readonly string[] = [
  'unknown-model',
  'unknown-resolution',
  'unknown-fps',
  'unknown-duration',
  'unconfirmed-feature',
];

const UNKNOWN_TAIL = `not in the capability table checked on ${CATALOG_CHECKED_ON}; it is sent as is and LTX decides`;
const list = (values: readonly (string | number)[]) => values.join(', ');
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const ids = (models: readonly CatalogModel[]) => list(models.map((m) => m.id));

/**
 * Checks an LTX request body against the capability table. Only fields of the right type are looked
 * at (the zod schema reports the others); one finding per mistake: a removed model or a model that
 * does not serve `endpoint` stops further checks, since every other message would follow from it.
 */
export function catalogFindings(endpoint: string, body: Record<string, unknown>): CatalogFinding[] {
  if (!endpointTakesModel(endpoint)) return [];
  const given = body.model;
  const id = typeof given === 'string' ? given : given === undefined ? defaultModelFor(endpoint) : undefined;
  if (id === undefined || id === '') return [];
  const found = modelInfo(id);
  // Left out, the endpoint's default model applies: say so wherever the message names it.
  const model = found && given === undefined ? { ...found, id: `${found.id} (the default model)` } : found;
  const findings: CatalogFinding[] = [];
  if (model === undefined) {
    const current = listModels().filter((m) => m.status === 'current');
    findings.push({
      field: 'model',
      severity: 'warning',
      code: 'unknown-model',
      message: `model ${showValue(id)} is ${UNKNOWN_TAIL} (known: ${ids(current)})`,
    });
    return [...findings, ...unknownValueFindings(endpoint, body)];
  }
  const statusProblem = modelStatusFinding(model, endpoint);
  if (statusProblem) {
    findings.push(statusProblem);
    if (statusProblem.severity === 'error') return findings;
  }
  if (!(model.endpoints as readonly string[]).includes(endpoint)) {
    const able = modelsForEndpoint(endpoint);
    const better = preferredModel(able, model.variant);
    findings.push({
      field: 'model',
      severity: 'error',
      code: 'unsupported-endpoint',
      message: `${model.id} cannot do ${endpoint}; models that can: ${ids(able)}`,
      ...(better && { fix: { kind: 'replace', title: `Use ${better.id}`, value: better.id } }),
    });
    return findings;
  }
  if (endpoint === 'text-to-video' || endpoint === 'image-to-video')
    findings.push(...videoFindings(model, endpoint, body));
  if (endpoint === 'audio-to-video') findings.push(...audioFindings(model, body));
  return findings;
}

/**
 * True for a finding about a value the table does not know (a newer model, size, fps or duration, an
 * unconfirmed feature): sent with a warning, refused under strict validation.
 */
export function isUnknownValueFinding(finding: CatalogFinding): boolean {
  return finding.severity === 'warning' && UNKNOWN_VALUE_CODES.includes(finding.code);
}

function modelStatusFinding(model: CatalogModel, endpoint: string): CatalogFinding | undefined {
  if (model.status === 'current') return undefined;
  const able = modelsForEndpoint(endpoint);
  const replacement =
    model.replacement !== undefined && able.some((m) => m.id === model.replacement)
      ? model.replacement
      : preferredModel(able, model.variant)?.id;
  const fix: RequestFileFix | undefined = replacement
    ? { kind: 'replace', title: `Use ${replacement}`, value: replacement }
    : undefined;
  const offEndpoint = model.replacement !== undefined && replacement !== model.replacement;
  const use = !replacement
    ? ''
    : offEndpoint
      ? `; its replacement ${model.replacement} does not do ${endpoint}: use ${replacement}`
      : `; use ${replacement}`;
  if (model.status === 'removed') {
    return {
      field: 'model',
      severity: 'error',
      code: 'removed-model',
      message: `${model.id} was removed on ${model.removedOn ?? 'an earlier date'} and LTX refuses it${use}`,
      ...(fix && { fix }),
    };
  }
  return {
    field: 'model',
    severity: 'warning',
    code: 'deprecated-model',
    message: `${model.id} is deprecated since ${model.deprecatedOn ?? 'recently'}${model.removedOn ? ` and will be removed on ${model.removedOn}` : ''}${use}`,
    ...(fix && { fix }),
  };
}

/** A well-formed `WIDTHxHEIGHT`; anything else is the schema's to refuse, not the table's to judge. */
function sizeOf(value: unknown): string | undefined {
  return typeof value === 'string' && /^\d{1,5}x\d{1,5}$/.test(value) ? value : undefined;
}

/** Warnings for a resolution, fps or duration the table does not know at all (any model). */
function unknownValueFindings(endpoint: string, body: Record<string, unknown>): CatalogFinding[] {
  const findings: CatalogFinding[] = [];
  const { resolution, fps, duration } = body;
  const size = sizeOf(resolution);
  if (size !== undefined && resolutionInfo(size) === undefined && endpoint !== 'video-to-video-reframe')
    findings.push(unknown('resolution', 'resolution', size));
  if (isInt(fps) && !knownFps().includes(fps)) findings.push(unknown('fps', 'fps', fps));
  const takesDuration = endpoint === 'text-to-video' || endpoint === 'image-to-video';
  if (takesDuration && isInt(duration) && !knownDurations().includes(duration))
    findings.push(unknown('duration', 'duration', `${duration} s`));
  return findings;
}

function unknown(field: string, what: string, value: string | number): CatalogFinding {
  return {
    field,
    severity: 'warning',
    code: `unknown-${field}`,
    message: `${what} ${typeof value === 'string' ? clip(value) : value} is ${UNKNOWN_TAIL}`,
  };
}

function videoFindings(
  model: CatalogModel,
  endpoint: string,
  body: Record<string, unknown>,
): CatalogFinding[] {
  const video = model.video;
  if (!video) return [];
  const findings = unknownValueFindings(endpoint, body);
  const unknownField = new Set(findings.map((f) => f.field));
  const resolution = sizeOf(body.resolution);
  let resolutionOk = resolution !== undefined && !unknownField.has('resolution');
  if (resolution !== undefined && resolutionOk && !video.resolutions.includes(resolution)) {
    resolutionOk = false;
    const near = nearestResolution(resolution, video.resolutions);
    findings.push({
      field: 'resolution',
      severity: 'error',
      code: 'unsupported-resolution',
      message: `${model.id} renders ${list(video.resolutions)}; got ${resolution}`,
      ...(near && { fix: { kind: 'replace', title: `Change to ${near}`, value: near } }),
    });
  }
  const fps = isInt(body.fps) && !unknownField.has('fps') ? body.fps : undefined;
  const effectiveFps = body.fps === undefined ? LTX_DEFAULT_FPS : fps;
  let fpsOk = effectiveFps !== undefined;
  if (effectiveFps !== undefined) {
    const allowed = resolutionOk && resolution ? fpsFor(model, resolution) : [...video.fps];
    if (!allowed.includes(effectiveFps)) {
      fpsOk = false;
      const near = nearestNumber(effectiveFps, allowed);
      const got =
        body.fps === undefined ? `none (LTX uses ${LTX_DEFAULT_FPS}); set fps` : String(effectiveFps);
      const where = resolutionOk ? ` at ${resolution}` : '';
      findings.push({
        field: 'fps',
        severity: 'error',
        code: 'unsupported-fps',
        message: `${model.id} renders ${list(allowed)} fps${where}; got ${got}`,
        ...(near !== undefined && { fix: { kind: 'replace', title: `Change to ${near}`, value: near } }),
      });
    }
  }
  findings.push(
    ...durationFindings(
      model,
      body.duration,
      resolutionOk ? resolution : undefined,
      fpsOk ? effectiveFps : undefined,
      unknownField,
    ),
  );
  findings.push(
    ...featureFindings(model, 'camera_motion', body.camera_motion, video.cameraMotion, 'cameraMotion'),
  );
  if (endpoint === 'image-to-video')
    findings.push(
      ...featureFindings(model, 'last_frame_uri', body.last_frame_uri, video.lastFrame, 'lastFrame'),
    );
  return findings;
}

function durationFindings(
  model: CatalogModel,
  duration: unknown,
  resolution: string | undefined,
  fps: number | undefined,
  unknownField: ReadonlySet<string>,
): CatalogFinding[] {
  const video = model.video;
  if (!video || unknownField.has('duration')) return [];
  const someDurations = video.envelope.flatMap((row) => row.durations);
  const allowed =
    resolution !== undefined && fps !== undefined
      ? durationsFor(model, resolution, fps)
      : [...new Set(someDurations)].sort((a, b) => a - b);
  const at = resolution !== undefined && fps !== undefined ? ` at ${resolution} and ${fps} fps` : '';
  if (duration === null) {
    if (video.autoDuration) return [];
    const auto = modelsForEndpoint('text-to-video').filter((m) => m.video?.autoDuration);
    const value = allowed.includes(6) ? 6 : allowed[allowed.length - 1];
    return [
      {
        field: 'duration',
        severity: 'error',
        code: 'unsupported-auto-duration',
        message: `duration null (auto length) needs ${auto.map((m) => m.id).join(' or ')}; ${model.id} renders ${list(allowed)} s${at}`,
        ...(value !== undefined && { fix: { kind: 'replace', title: `Change to ${value}`, value } }),
      },
    ];
  }
  if (!isInt(duration) || allowed.includes(duration) || allowed.length === 0) return [];
  const near = nearestNumber(duration, allowed);
  const longer = duration > 10 ? ' (12-20 s need a Fast model at 720p/1080p and 24/25 fps)' : '';
  return [
    {
      field: 'duration',
      severity: 'error',
      code: 'unsupported-duration',
      message: `${model.id} renders ${list(allowed)} s${at}; got ${duration}${longer}`,
      ...(near !== undefined && { fix: { kind: 'replace', title: `Change to ${near}`, value: near } }),
    },
  ];
}

function featureFindings(
  model: CatalogModel,
  field: string,
  value: unknown,
  support: Support,
  key: 'cameraMotion' | 'lastFrame',
): CatalogFinding[] {
  if (value === undefined || support === 'yes') return [];
  if (support === 'no') {
    const able = listModels().filter((m) => m.status === 'current' && m.video?.[key] === 'yes');
    return [
      {
        field,
        severity: 'error',
        code: 'unsupported-feature',
        message: `${model.id} does not take ${field}; models that do: ${ids(able)}`,
        fix: { kind: 'remove', title: `Remove ${field}` },
      },
    ];
  }
  return [
    {
      field,
      severity: 'warning',
      code: 'unconfirmed-feature',
      message: `${field} on ${model.id} is unconfirmed (see \`ltx-jobs models\`); LTX may ignore or refuse it`,
    },
  ];
}

function audioFindings(model: CatalogModel, body: Record<string, unknown>): CatalogFinding[] {
  const resolution = sizeOf(body.resolution);
  const allowed = model.audioToVideo?.resolutions ?? [];
  if (resolution === undefined || allowed.includes(resolution)) return [];
  if (resolutionInfo(resolution) === undefined) return [unknown('resolution', 'resolution', resolution)];
  const near = nearestResolution(resolution, allowed);
  return [
    {
      field: 'resolution',
      severity: 'error',
      code: 'unsupported-resolution',
      message: `${model.id} renders ${list(allowed)} on audio-to-video; got ${resolution}`,
      ...(near && { fix: { kind: 'replace', title: `Change to ${near}`, value: near } }),
    },
  ];
}
