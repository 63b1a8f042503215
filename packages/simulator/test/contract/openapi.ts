import { readFileSync } from 'node:fs';
import { modelsForEndpoint } from '@ltx-jobs/core';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// LTX's own OpenAPI 3.1 document (snapshot of 2026-07-30, copied from the team's reference docs) as
// the judge of the simulator's answers and of the clients' requests.

type Json = Record<string, unknown>;

const DOCUMENT = JSON.parse(
  readFileSync(new URL('../../openapi/ltx-openapi.2026-07-30.json', import.meta.url), 'utf8'),
) as Json;

/** The component schema holding each endpoint's `model` enum. */
const MODEL_ENUMS: Record<string, string> = {
  'text-to-video': 'TextToVideoRequestModel',
  'image-to-video': 'ImageToVideoRequestModel',
  'audio-to-video': 'AudioToVideoRequestModel',
  retake: 'EditVideoRequestModel',
  extend: 'ExtendVideoRequestModel',
  'video-to-video-reframe': 'VideoToVideoReframeRequestModel',
};

/**
 * The document with exactly what the capability table knows that the snapshot predates, and nothing
 * else: each endpoint's `model` enum gains the models the table says serve it (LTX-2.5), `duration`
 * may be null on text-/image-to-video (2.5 auto length), and audio-to-video's resolution enum gains
 * the 720p sizes of the 2.5 models. Field names and shapes stay the document's.
 */
function withCatalog(document: Json): Json {
  const copy = structuredClone(document);
  const schemas = (copy.components as { schemas: Record<string, Json> }).schemas;
  for (const [endpoint, name] of Object.entries(MODEL_ENUMS)) {
    const schema = schemas[name]!;
    const table = modelsForEndpoint(endpoint).map((m) => m.id);
    schema.enum = [...new Set([...(schema.enum as string[]), ...table])];
  }
  for (const name of ['TextToVideoRequest', 'ImageToVideoRequest']) {
    const duration = (schemas[name]!.properties as Record<string, Json>).duration!;
    duration.type = ['integer', 'null'];
  }
  const a2v = schemas.AudioToVideoRequestResolution!;
  a2v.enum = [...(a2v.enum as string[]), '1280x720', '720x1280'];
  return copy;
}

const ajv = new Ajv2020({ strict: false, allErrors: true });
// ajv-formats is CommonJS: under Node's ESM loader the plugin may sit on `.default`.
type Plugin = (instance: Ajv2020) => unknown;
const formats = addFormatsModule as unknown as Plugin & { default?: Plugin };
(formats.default ?? formats)(ajv);
ajv.addFormat('double', true);
ajv.addSchema({ ...withCatalog(DOCUMENT), $id: 'ltx-openapi' });

const compiled = new Map<string, ValidateFunction>();
function validator(pointer: string): ValidateFunction {
  let fn = compiled.get(pointer);
  if (!fn) {
    fn = ajv.compile({ $ref: `ltx-openapi#${pointer}` });
    compiled.set(pointer, fn);
  }
  return fn;
}

const pointerEscape = (segment: string) => segment.replaceAll('~', '~0').replaceAll('/', '~1');
const paths = DOCUMENT.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>;

/** The OpenAPI path template of a request path under the LTX base URL (`/v2/text-to-video/abc` -> `/v2/{endpoint}/{id}`). */
export function operationOf(method: string, path: string): { template: string; method: string } | undefined {
  const m = method.toLowerCase();
  if (paths[path]?.[m]) return { template: path, method: m };
  if (m === 'get' && /^\/v2\/[^/]+\/[^/]+$/.test(path)) return { template: '/v2/{endpoint}/{id}', method: m };
  return undefined;
}

/** Problems of a request body against the operation's requestBody schema (empty when it conforms). */
export function requestProblems(method: string, path: string, body: unknown): string[] {
  const op = operationOf(method, path);
  if (!op) return [`${method} ${path}: no such operation in the OpenAPI document`];
  const operation = paths[op.template]![op.method] as { requestBody?: unknown };
  if (!operation.requestBody)
    return body === undefined ? [] : [`${method} ${path}: the document takes no body`];
  const pointer = `/paths/${pointerEscape(op.template)}/${op.method}/requestBody/content/application~1json/schema`;
  return problems(validator(pointer), body, `${method} ${path} request`);
}

/** Problems of an answer against the operation's documented response for its status. */
export function responseProblems(method: string, path: string, status: number, body: unknown): string[] {
  const op = operationOf(method, path);
  if (!op) return [`${method} ${path}: no such operation in the OpenAPI document`];
  const responses = paths[op.template]![op.method]!.responses;
  if (!(String(status) in responses)) return [`${method} ${path}: status ${status} is not documented`];
  const pointer = `/paths/${pointerEscape(op.template)}/${op.method}/responses/${status}/content/application~1json/schema`;
  return problems(validator(pointer), body, `${method} ${path} ${status}`);
}

function problems(validate: ValidateFunction, value: unknown, where: string): string[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${where}: ${e.instancePath || '/'} ${e.message ?? e.keyword}`);
}

/** One request the clients (or a test) sent to the LTX API and the answer it got. */
export interface Exchange {
  method: string;
  /** Path under the LTX base URL, e.g. `/v2/text-to-video`. */
  path: string;
  body: unknown;
  status: number;
  answer: unknown;
}

/**
 * A fetch that records every exchange with the LTX API at `base` (requests to other hosts, like the
 * signed storage URLs, pass through unrecorded). Bodies are parsed as JSON when they are JSON.
 */
export function recordingFetch(base: () => string, exchanges: Exchange[]): typeof fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const response = await fetch(input, init);
    if (!url.startsWith(`${base()}/`)) return response;
    const text = await response.clone().text();
    const parse = (s: unknown) => {
      if (typeof s !== 'string' || s === '') return undefined;
      try {
        return JSON.parse(s) as unknown;
      } catch {
        return s;
      }
    };
    exchanges.push({
      method: (init?.method ?? 'GET').toUpperCase(),
      path: new URL(url).pathname.slice(new URL(base()).pathname.length),
      body: parse(init?.body),
      status: response.status,
      answer: parse(text),
    });
    return response;
  };
}
