import { UsageError } from './errors/usage-error.js';
import type { ProviderName } from './job.js';
import { isLtxEndpoint, LTX_ENDPOINTS, type LtxEndpoint } from './providers/ltx/endpoints.js';

/**
 * Everything needed to look a job up again. LTX ids are only valid under the endpoint that made them,
 * so an LTX ref carries the endpoint; a useapi jobId is global.
 */
export type JobRef =
  | { provider: 'ltx'; endpoint: LtxEndpoint; id: string }
  | { provider: 'useapi'; id: string; endpoint?: string };

/** `ltx:<endpoint>/<id>` or `useapi:<jobId>`. */
export function formatJobRef(ref: JobRef): string {
  return ref.provider === 'ltx' ? `ltx:${ref.endpoint}/${ref.id}` : `useapi:${ref.id}`;
}

/** Builds a ref from a job's provider, endpoint and id. */
export function jobRefOf(job: { provider: ProviderName; endpoint: string; id: string }): JobRef {
  if (job.provider === 'useapi') return { provider: 'useapi', id: job.id, endpoint: job.endpoint };
  if (!isLtxEndpoint(job.endpoint)) throw new UsageError(`Unknown LTX endpoint "${job.endpoint}"`);
  return { provider: 'ltx', endpoint: job.endpoint, id: job.id };
}

/**
 * Parses `ltx:<endpoint>/<id>` or `useapi:<jobId>`. Job ids are opaque: an LTX id may hold `/`, `..`,
 * `%`, `:` or spaces (everything after the endpoint's `/` is the id); a useapi id holds `:` and `@`
 * (everything after the first `useapi:`). Whitespace before the ref and line breaks after it are
 * dropped, nothing else. Throws {@link UsageError} saying what was expected.
 */
export function parseJobRef(text: string): JobRef {
  const value = text.trimStart().replace(/[\r\n]+$/, '');
  if (value.startsWith('useapi:')) {
    const id = value.slice('useapi:'.length);
    if (id.length === 0) throw new UsageError(`Job ref "${text}" has no job id: expected useapi:<jobId>`);
    return { provider: 'useapi', id };
  }
  if (value.startsWith('ltx:')) {
    const rest = value.slice('ltx:'.length);
    const slash = rest.indexOf('/');
    const endpoint = slash > 0 ? rest.slice(0, slash) : '';
    const id = slash > 0 ? rest.slice(slash + 1) : '';
    if (!isLtxEndpoint(endpoint) || id.length === 0) {
      throw new UsageError(
        `Job ref "${text}" is not ltx:<endpoint>/<id>; endpoint must be one of ${LTX_ENDPOINTS.join(', ')}`,
      );
    }
    return { provider: 'ltx', endpoint, id };
  }
  throw new UsageError(
    `Job ref "${text}" must start with "ltx:" or "useapi:" (ltx:<endpoint>/<id>, useapi:<jobId>)`,
  );
}

/**
 * A job id as one URL path segment: every character that could end or alter the segment (`/`, `%`,
 * `?`, `#`, spaces, ...) percent-encoded, so `GET /v2/{endpoint}/{id}` reaches exactly that id. An id
 * of `.` or `..` cannot be a path segment at all (URL parsers collapse it, even encoded): refused.
 */
export function jobIdPathSegment(id: string): string {
  if (id === '' || id === '.' || id === '..') {
    throw new UsageError(`Job id "${id}" cannot be put in a URL path; this job cannot be looked up`);
  }
  return encodeURIComponent(id);
}
