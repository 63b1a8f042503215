import type { Deps } from '../../deps.js';
import { UsageError } from '../../errors/usage-error.js';
import { validateBaseUrl } from '../../http/base-url.js';
import { requestJson } from '../../http/request.js';
import { postBilledJson, type SubmitRetryOptions } from '../../http/submit-retry.js';
import { requireApiKey } from '../../http/token.js';
import { type JobRef, jobIdPathSegment } from '../../job-ref.js';
import type { CallOptions, ProviderClient, StatusResult, SubmitResult } from '../../provider.js';
import { checkSubmitBody } from '../body-schemas.js';
import { isLtxEndpoint, LTX_ENDPOINTS } from './endpoints.js';
import { mapLtxJob } from './map.js';
import { LTX_MEDIA_FIELDS } from './requests.js';
import { type LtxUploadContext, resolveLtxMedia } from './upload.js';
import { LtxJobStatusSchema, LtxSubmitAcceptedSchema } from './wire.js';

/** Default LTX API origin. */
export const LTX_DEFAULT_BASE_URL = 'https://api.ltx.video';

/** Options of {@link createLtxClient}. */
export interface LtxClientOptions {
  /** Bearer token; sent only in the Authorization header of LTX API calls. */
  apiKey: string;
  /** API origin. Default {@link LTX_DEFAULT_BASE_URL}; http:// only on loopback. */
  baseUrl?: string | undefined;
  deps: Deps;
  /** Per-request timeout of API calls, ms. Default 30000. */
  timeoutMs?: number | undefined;
  /** Timeout of one media PUT to the signed upload URL, ms. Default 600000 (10 min). */
  uploadTimeoutMs?: number | undefined;
  /** Retry tuning of billed submits refused with 429/503. Default: 3 retries from 1 s. */
  submitRetry?: Omit<SubmitRetryOptions, 'signal'>;
}

function ltxRef(ref: JobRef) {
  if (ref.provider !== 'ltx')
    throw new UsageError(`The LTX client cannot read ${ref.provider} job ${ref.id}`);
  return ref;
}

/**
 * Client of LTX's asynchronous v2 API: submit `POST /v2/{endpoint}`, status `GET /v2/{endpoint}/{id}`,
 * media through `POST /v1/upload`. LTX jobs cannot be cancelled.
 * @throws ConfigError for a missing key or a base URL that is not https (loopback excepted).
 */
export function createLtxClient(options: LtxClientOptions): ProviderClient {
  requireApiKey(options.apiKey, 'The LTX API key');
  const baseUrl = validateBaseUrl(options.baseUrl ?? LTX_DEFAULT_BASE_URL, 'LTX base URL');
  const { deps, apiKey } = options;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const upload: LtxUploadContext = {
    deps,
    baseUrl,
    apiKey,
    timeoutMs,
    uploadTimeoutMs: options.uploadTimeoutMs ?? 600_000,
  };
  const endpointOf = (endpoint: string) => {
    if (!isLtxEndpoint(endpoint)) {
      throw new UsageError(`Unknown LTX endpoint "${endpoint}"; expected one of ${LTX_ENDPOINTS.join(', ')}`);
    }
    return endpoint;
  };

  return {
    provider: 'ltx',
    endpoints: LTX_ENDPOINTS,
    canCancel: false,

    async submit(endpoint: string, body: unknown, call: CallOptions = {}): Promise<SubmitResult> {
      const valid = checkSubmitBody('ltx', endpointOf(endpoint), body, deps.logger);
      const response = await postBilledJson(
        deps,
        {
          provider: 'ltx',
          url: `${baseUrl}/v2/${endpoint}`,
          token: apiKey,
          json: valid,
          timeoutMs,
          schema: LtxSubmitAcceptedSchema,
          ...(call.signal && { signal: call.signal }),
        },
        options.submitRetry,
      );
      const result: SubmitResult = { id: response.data.id, raw: response.data };
      if (response.data.created_at !== undefined) result.createdAt = response.data.created_at;
      return result;
    },

    async status(ref: JobRef, call: CallOptions = {}): Promise<StatusResult> {
      const { endpoint, id } = ltxRef(ref);
      const response = await requestJson(deps, {
        provider: 'ltx',
        method: 'GET',
        url: `${baseUrl}/v2/${endpointOf(endpoint)}/${jobIdPathSegment(id)}`,
        token: apiKey,
        timeoutMs,
        schema: LtxJobStatusSchema,
        ...(call.signal && { signal: call.signal }),
      });
      const job = mapLtxJob(response.data, { endpoint, nowMs: deps.now() });
      return response.retryAfterMs === undefined ? { job } : { job, retryAfterMs: response.retryAfterMs };
    },

    async cancel(ref: JobRef): Promise<void> {
      ltxRef(ref);
      throw new UsageError(
        `LTX jobs cannot be cancelled (the API has no cancel endpoint); ${ref.id} runs to its end and is billed`,
      );
    },

    async resolveMedia(endpoint, body, call) {
      return resolveLtxMedia(upload, LTX_MEDIA_FIELDS[endpointOf(endpoint)], body, call);
    },
  };
}
