import type { Deps } from '../../deps.js';
import { UsageError } from '../../errors/usage-error.js';
import { validateBaseUrl } from '../../http/base-url.js';
import { requestJson, sendRequest } from '../../http/request.js';
import { postBilledJson, type SubmitRetryOptions } from '../../http/submit-retry.js';
import { requireApiKey } from '../../http/token.js';
import { type JobRef, jobIdPathSegment } from '../../job-ref.js';
import type { CallOptions, ProviderClient, StatusResult, SubmitResult } from '../../provider.js';
import { checkSubmitBody } from '../body-schemas.js';
import {
  isUseapiEndpoint,
  USEAPI_DEPRECATION_NOTICE,
  USEAPI_ENDPOINTS,
  USEAPI_RETIRED_ON,
} from './endpoints.js';
import { findUseapiSubmit } from './find-submitted.js';
import { mapUseapiJob } from './map.js';
import { USEAPI_MEDIA_FIELDS, USEAPI_UPLOAD_TYPES } from './requests.js';
import { resolveUseapiMedia, type UseapiUploadContext } from './upload.js';
import { UseapiCreateResponseSchema, UseapiJobSchema } from './wire.js';

/** Default useapi.net origin; every path lives under `/v1/ltxstudio/`. */
export const USEAPI_DEFAULT_BASE_URL = 'https://api.useapi.net';

/** Options of {@link createUseapiClient}. */
export interface UseapiClientOptions {
  /** useapi.net bearer token (`user:…`); sent only in the Authorization header. */
  apiToken: string;
  /** Origin. Default {@link USEAPI_DEFAULT_BASE_URL}; http:// only on loopback. */
  baseUrl?: string | undefined;
  deps: Deps;
  /**
   * Per-request timeout, ms. Default 30000. A submit with `pollForResult: N` waits at least
   * N x 3 s + 30 s, since the server holds the answer while it polls.
   */
  timeoutMs?: number | undefined;
  /** Timeout of one asset upload, ms. Default 120000. */
  uploadTimeoutMs?: number | undefined;
  /** Retry tuning of billed submits refused with 429/503. Default: 3 retries from 1 s. */
  submitRetry?: Omit<SubmitRetryOptions, 'signal'>;
}

/** The submit timeout: the server holds a `pollForResult: N` answer for up to N x 3 s. */
function submitTimeoutMs(timeoutMs: number, pollForResult: unknown): number {
  return typeof pollForResult === 'number' ? Math.max(timeoutMs, pollForResult * 3000 + 30_000) : timeoutMs;
}

function useapiRef(ref: JobRef) {
  if (ref.provider !== 'useapi')
    throw new UsageError(`The useapi client cannot read ${ref.provider} job ${ref.id}`);
  return ref;
}

/**
 * Client of useapi.net's LTX Studio API (deprecated: retired 2026-03-09, kept for existing jobs and
 * self-hosted base URLs). Status `GET assets/{jobId}`, cancel `DELETE scheduler/{jobId}`.
 * @throws ConfigError for a missing token or a base URL that is not https (loopback excepted).
 */
export function createUseapiClient(options: UseapiClientOptions): ProviderClient {
  requireApiKey(options.apiToken, 'The useapi.net API token');
  const root = `${validateBaseUrl(options.baseUrl ?? USEAPI_DEFAULT_BASE_URL, 'useapi base URL')}/v1/ltxstudio`;
  const { deps, apiToken } = options;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const upload: UseapiUploadContext = {
    deps,
    root,
    apiToken,
    uploadTimeoutMs: options.uploadTimeoutMs ?? 120_000,
  };
  const endpointOf = (endpoint: string) => {
    if (!isUseapiEndpoint(endpoint)) {
      throw new UsageError(
        `Unknown useapi endpoint "${endpoint}"; expected one of ${USEAPI_ENDPOINTS.join(', ')}`,
      );
    }
    return endpoint;
  };
  const signalOf = (call: CallOptions) => (call.signal ? { signal: call.signal } : {});

  return {
    provider: 'useapi',
    endpoints: USEAPI_ENDPOINTS,
    deprecation: { since: USEAPI_RETIRED_ON, message: USEAPI_DEPRECATION_NOTICE },
    canCancel: true,

    async submit(endpoint: string, body: unknown, call: CallOptions = {}): Promise<SubmitResult> {
      const valid = checkSubmitBody('useapi', endpointOf(endpoint), body, deps.logger);
      const response = await postBilledJson(
        deps,
        {
          provider: 'useapi',
          url: `${root}/${endpoint}`,
          token: apiToken,
          json: valid,
          timeoutMs: submitTimeoutMs(timeoutMs, valid.pollForResult),
          schema: UseapiCreateResponseSchema,
          ...signalOf(call),
        },
        options.submitRetry,
      );
      const data = response.data;
      const result: SubmitResult = { id: data.jobId, raw: data };
      if (data.status !== undefined) {
        result.job = mapUseapiJob(data, { endpoint, jobId: data.jobId, nowMs: deps.now() });
      }
      return result;
    },

    async status(ref: JobRef, call: CallOptions = {}): Promise<StatusResult> {
      const { id, endpoint } = useapiRef(ref);
      const response = await requestJson(deps, {
        provider: 'useapi',
        method: 'GET',
        url: `${root}/assets/${jobIdPathSegment(id)}`,
        token: apiToken,
        timeoutMs,
        schema: UseapiJobSchema,
        ...signalOf(call),
      });
      const job = mapUseapiJob(response.data, {
        endpoint: endpoint ?? 'unknown',
        jobId: id,
        nowMs: deps.now(),
      });
      return response.retryAfterMs === undefined ? { job } : { job, retryAfterMs: response.retryAfterMs };
    },

    async cancel(ref: JobRef, call: CallOptions = {}): Promise<void> {
      const { id } = useapiRef(ref);
      await sendRequest(deps, {
        provider: 'useapi',
        method: 'DELETE',
        url: `${root}/scheduler/${jobIdPathSegment(id)}`,
        token: apiToken,
        timeoutMs,
        ...signalOf(call),
      });
    },

    findSubmitted: (marker, call) => findUseapiSubmit({ deps, root, apiToken, timeoutMs }, marker, call),

    async resolveMedia(endpoint, body, call) {
      const valid = endpointOf(endpoint);
      return resolveUseapiMedia(upload, USEAPI_MEDIA_FIELDS[valid], USEAPI_UPLOAD_TYPES[valid], body, call);
    },
  };
}
