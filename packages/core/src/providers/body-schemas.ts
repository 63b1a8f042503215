import type { z } from 'zod';
import { catalogFindings, isUnknownValueFinding } from '../catalog/check.js';
import type { Logger } from '../deps.js';
import { RequestFileError, type RequestFileIssue } from '../errors/request-file-error.js';
import { UsageError } from '../errors/usage-error.js';
import type { ProviderName } from '../job.js';
import { formatJsonPath, showValue, zodIssuesToRequestFileIssues } from '../request-file/issues.js';
import type { LocalMediaRef } from './local-media.js';
import { isLtxEndpoint, LTX_ENDPOINTS } from './ltx/endpoints.js';
import { LTX_MEDIA_FIELDS, LTX_REQUEST_SCHEMAS } from './ltx/requests.js';
import { ltxLocalMediaRefs } from './ltx/upload.js';
import { isUseapiEndpoint, USEAPI_DEPRECATION_NOTICE, USEAPI_ENDPOINTS } from './useapi/endpoints.js';
import { USEAPI_MEDIA_FIELDS, USEAPI_REQUEST_SCHEMAS } from './useapi/requests.js';
import { useapiLocalMediaRefs } from './useapi/upload.js';

/** Media fields per provider and endpoint (values may name local files, uploaded on submit). */
export const MEDIA_FIELDS = { ltx: LTX_MEDIA_FIELDS, useapi: USEAPI_MEDIA_FIELDS } as const;

/** Endpoints each provider accepts. */
export const ENDPOINTS_BY_PROVIDER: Readonly<Record<ProviderName, readonly string[]>> = {
  ltx: LTX_ENDPOINTS,
  useapi: USEAPI_ENDPOINTS,
};

/** The zod schema of `endpoint`'s request body, or `undefined` for an endpoint the provider lacks. */
export function requestBodySchema(provider: ProviderName, endpoint: string): z.ZodObject | undefined {
  if (provider === 'ltx') return isLtxEndpoint(endpoint) ? LTX_REQUEST_SCHEMAS[endpoint] : undefined;
  return isUseapiEndpoint(endpoint) ? USEAPI_REQUEST_SCHEMAS[endpoint] : undefined;
}

/** Media fields of `endpoint` (empty for an unknown one). */
export function mediaFieldsOf(provider: ProviderName, endpoint: string): readonly string[] {
  if (provider === 'ltx') return isLtxEndpoint(endpoint) ? LTX_MEDIA_FIELDS[endpoint] : [];
  return isUseapiEndpoint(endpoint) ? USEAPI_MEDIA_FIELDS[endpoint] : [];
}

/** The media fields of a request body that name local files, which a submit uploads first. */
export function localMediaRefs(
  provider: ProviderName,
  endpoint: string,
  body: Record<string, unknown>,
): LocalMediaRef[] {
  const fields = mediaFieldsOf(provider, endpoint);
  return provider === 'ltx' ? ltxLocalMediaRefs(fields, body) : useapiLocalMediaRefs(fields, body);
}

/** `unknown ltx endpoint "x"; expected one of text-to-video, ...`. */
export function unknownEndpointMessage(provider: ProviderName, endpoint: string): string {
  return `unknown ${provider} endpoint ${showValue(endpoint)}; expected one of ${ENDPOINTS_BY_PROVIDER[provider].join(', ')}`;
}

/**
 * Checks a request body against its endpoint schema and returns it unchanged. Throws
 * {@link UsageError} for an unknown endpoint and {@link RequestFileError} (paths `$.request.<field>`,
 * no line numbers) for schema problems. Used by the clients' `submit`.
 */
export function validateRequestBody(
  provider: ProviderName,
  endpoint: string,
  body: unknown,
): Record<string, unknown> {
  const schema = requestBodySchema(provider, endpoint);
  if (!schema) throw new UsageError(unknownEndpointMessage(provider, endpoint));
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issues = zodIssuesToRequestFileIssues(parsed.error.issues, {
      value: body,
      schema,
      prefix: ['request'],
    });
    throw new RequestFileError(`${provider} ${endpoint} request`, issues);
  }
  return body as Record<string, unknown>;
}

/**
 * What a client's `submit` does with a body first: {@link validateRequestBody}; the notes of
 * {@link requestWarnings} go to the debug log only (the CLI and the extension show them, located in
 * the request file, before submitting). Returns the body unchanged.
 */
export function checkSubmitBody(
  provider: ProviderName,
  endpoint: string,
  body: unknown,
  logger: Logger,
): Record<string, unknown> {
  const valid = validateRequestBody(provider, endpoint, body);
  for (const warning of requestWarnings(provider, endpoint, valid))
    logger.debug(`${warning.path}: ${warning.message}`);
  return valid;
}

/** Options of {@link requestWarnings}. */
export interface RequestCheckOptions {
  /** Treat values the capability table does not know as errors (CLI `--strict`). Default false. */
  strict?: boolean | undefined;
}

/**
 * What the capability table says about a body beyond the schema: with `strict`, the unknown values
 * it would otherwise only warn about, as errors (`severity` unset). Empty for a valid body otherwise.
 */
export function strictRequestIssues(
  provider: ProviderName,
  endpoint: string,
  body: Record<string, unknown>,
): RequestFileIssue[] {
  if (provider !== 'ltx') return [];
  return catalogFindings(endpoint, body)
    .filter(isUnknownValueFinding)
    .map((f) => findingIssue(f.field, `${f.message} (refused: strict validation)`, f.code, f.fix));
}

/**
 * Non-fatal notes about a request body (paths under `$.request`, or `$.provider`, severity
 * `warning`): values newer than the capability table, unconfirmed features, deprecated models, the
 * retired useapi provider. Shown by the CLI and the extension before submitting.
 */
export function requestWarnings(
  provider: ProviderName,
  endpoint: string,
  body: Record<string, unknown>,
): RequestFileIssue[] {
  if (provider === 'useapi') {
    return [
      {
        path: '$.provider',
        segments: ['provider'],
        message: USEAPI_DEPRECATION_NOTICE,
        severity: 'warning',
        code: 'deprecated-provider',
      },
    ];
  }
  return catalogFindings(endpoint, body)
    .filter((f) => f.severity === 'warning')
    .map((f) => ({ ...findingIssue(f.field, f.message, f.code, f.fix), severity: 'warning' as const }));
}

function findingIssue(
  field: string,
  message: string,
  code: string,
  fix: RequestFileIssue['fix'],
): RequestFileIssue {
  const segments = ['request', field];
  return { path: formatJsonPath(segments), segments, message, code, ...(fix && { fix }) };
}
