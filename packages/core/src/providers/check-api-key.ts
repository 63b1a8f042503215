import { isAuthError, isNotFoundError } from '../errors/http-error.js';
import { isLtxJobsError } from '../errors/ltx-jobs-error.js';
import type { JobRef } from '../job-ref.js';
import type { CallOptions, ProviderClient } from '../provider.js';

/** Job ids that exist nowhere: a status read of them costs nothing and proves only the key. */
const PROBE_REFS: Readonly<Record<ProviderClient['provider'], JobRef>> = {
  ltx: { provider: 'ltx', endpoint: 'text-to-video', id: '00000000-0000-4000-8000-000000000000' },
  useapi: {
    provider: 'useapi',
    id: 'email:key-check@ltx-jobs.invalid-job:00000000-0000-4000-8000-000000000000-type:video',
  },
};

/**
 * What {@link checkApiKey} found: the provider `accepted` the key, `rejected` it (401/403), or the
 * check was `unverified` (network trouble, a server error: the key may still be good).
 */
export type ApiKeyCheck =
  | { verdict: 'accepted' }
  | { verdict: 'rejected'; message: string }
  | { verdict: 'unverified'; message: string };

/**
 * Checks the client's key without billing anything: one status read (`GET`) of a job id that does
 * not exist. `404` means the provider knew the key and looked for the job (accepted); `401`/`403`
 * means it refused the key. LTX: `GET /v2/text-to-video/<nil uuid>`; useapi: `GET assets/<jobId>`.
 */
export async function checkApiKey(client: ProviderClient, options: CallOptions = {}): Promise<ApiKeyCheck> {
  try {
    await client.status(PROBE_REFS[client.provider], options);
    return { verdict: 'accepted' };
  } catch (error) {
    if (isNotFoundError(error)) return { verdict: 'accepted' };
    if (isAuthError(error)) return { verdict: 'rejected', message: error.message };
    if (isLtxJobsError(error) || error instanceof Error) {
      if (error.name === 'AbortError') throw error;
      return { verdict: 'unverified', message: error.message };
    }
    return { verdict: 'unverified', message: String(error) };
  }
}
