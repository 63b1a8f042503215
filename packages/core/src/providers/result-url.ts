import { isLoopbackHost } from '../http/base-url.js';
import type { Job } from '../job.js';

/** `error.type` of a job whose result URL the client will not fetch. */
export const INVALID_RESULT_URL = 'invalid_result_url';

/**
 * Why a result URL from a provider is not fetched, or `undefined` when it is fine: only `https:`
 * (and plain `http:` on loopback, e.g. the simulator) is followed. The reason names the scheme and
 * host only, never the signed query.
 */
export function resultUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'a result URL that is not a URL';
  }
  if (parsed.protocol === 'https:') return undefined;
  if (parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname)) return undefined;
  const where = parsed.host ? `${parsed.protocol}//${parsed.host}/…` : `${parsed.protocol}…`;
  return `a result URL that is not https (${where})`;
}

/**
 * A succeeded job with an artifact URL that may not be fetched becomes a failed job (a provider error,
 * not bad input): `error.type` {@link INVALID_RESULT_URL}, nothing is downloaded.
 */
export function refuseUnsafeResultUrls(job: Job, provider: string): Job {
  if (job.state !== 'succeeded') return job;
  for (const artifact of job.artifacts) {
    const problem = resultUrlProblem(artifact.url);
    if (problem === undefined) continue;
    const message = `${provider} answered ${problem} for ${artifact.label}; nothing was downloaded`;
    return { ...job, state: 'failed', artifacts: [], error: { type: INVALID_RESULT_URL, message }, message };
  }
  return job;
}
