import type { ConnectionOptions } from 'node:tls';
import type { Deps } from '../deps.js';
import { LtxJobsError } from '../errors/ltx-jobs-error.js';
import type { AttemptGuard } from './attempt-guard.js';
import { fetchGet } from './fetch-get.js';
import type { ReadRing } from './read-ring.js';
import { type ArtifactResponse, socketGet } from './socket-get.js';
import { parseArtifactUrl } from './transfer.js';

/**
 * How a download talks to the artifact host. `socket`: HTTP/1.1 on a plain (or TLS) socket, straight
 * into the file (the fast path). `fetch`: through `deps.fetch` (what VS Code routes through the
 * user's proxy). `auto` (the default): the socket, and fetch for the rest of the download when the
 * socket cannot reach the host (DNS, refused, unreachable, no TLS handshake), as behind a proxy.
 */
export type DownloadTransport = 'auto' | 'socket' | 'fetch';

/** Redirects followed per request, at most (5). */
const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** What one request of {@link getArtifact} needs. */
export interface ArtifactGet {
  transport: 'socket' | 'fetch';
  deps: Pick<Deps, 'fetch'>;
  url: URL;
  from: number;
  guard: AttemptGuard;
  ring: ReadRing;
  tls?: ConnectionOptions | undefined;
}

/**
 * One GET of the artifact (from byte `from`), redirects followed. On the socket, an answer with a
 * Content-Encoding the host was not asked for is fetched again through fetch, which decodes it.
 */
export async function getArtifact(request: ArtifactGet): Promise<ArtifactResponse> {
  const { deps, from, guard, ring } = request;
  if (request.transport === 'fetch') return fetchGet(deps.fetch, request.url, from, guard);
  let url = request.url;
  for (let hop = 0; ; hop++) {
    const response = await socketGet({ url, from, guard, ring, tls: request.tls });
    const location = response.headers.get('location');
    const encoding = response.headers.get('content-encoding')?.trim().toLowerCase();
    if (encoding && encoding !== 'identity' && response.status < 300) {
      response.discard();
      ring.reset();
      return fetchGet(deps.fetch, url, from, guard);
    }
    if (!REDIRECT_STATUSES.has(response.status) || location === null) return response;
    response.discard();
    ring.reset();
    if (hop >= MAX_REDIRECTS) {
      throw new LtxJobsError(
        `The artifact host redirected more than ${MAX_REDIRECTS} times (${request.url.origin}${request.url.pathname})`,
        'network',
      );
    }
    url = parseArtifactUrl(new URL(location, url).href);
  }
}
