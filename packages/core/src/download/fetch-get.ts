import { type Deps, isAbortError } from '../deps.js';
import { NetworkError } from '../errors/network-error.js';
import { guardBody } from '../http/guarded-body.js';
import type { AttemptGuard } from './attempt-guard.js';
import type { ArtifactResponse } from './socket-get.js';

// One GET of an artifact through `deps.fetch`: the fallback of socket-get.ts for networks where only
// fetch gets through (VS Code routes fetch through the user's proxy; a plain socket is not), and the
// transport when `transport: 'fetch'` is asked for. Slower (a Buffer per chunk), with the same
// guarantees: bounded memory (the reader waits while the writer is behind), and waits that end when
// the attempt is cut without relying on fetch to notice (on Node 20 an abort does not always end a
// trickling body): the headers race the cut, the body is read through http/guarded-body.ts.

/** Bytes queued for the file before the fetch reader waits (8 MiB), and until when it waits (4 MiB). */
const HIGH_WATER = 8 * 1024 * 1024;
const LOW_WATER = 4 * 1024 * 1024;

/** Sends one GET through `fetch` (no credentials, `Accept-Encoding: identity`) and resolves with the answer. */
export async function fetchGet(
  fetch: Deps['fetch'],
  url: URL,
  from: number,
  guard: AttemptGuard,
): Promise<ArtifactResponse> {
  const headers: Record<string, string> = { 'accept-encoding': 'identity' };
  if (from > 0) headers.range = `bytes=${from}-`;
  let response: Response;
  try {
    response = await new Promise<Response>((resolve, reject) => {
      fetch(url, { headers, redirect: 'follow', credentials: 'omit', signal: guard.signal }).then(
        resolve,
        reject,
      );
      guard.onCut(reject);
    });
  } catch (error) {
    if (guard.error || isAbortError(error)) throw guard.error ?? error;
    throw new NetworkError(
      `Could not reach the artifact host ${url.origin}`,
      { provider: 'artifact-host', requestSent: false },
      { cause: error },
    );
  }
  const body = response.body;
  return {
    status: response.status,
    headers: response.headers,
    async readBody(sink) {
      if (!body) return;
      const stop = new AbortController();
      guard.onCut((error) => stop.abort(error));
      sink.onError((error) => stop.abort(error));
      const reader = guardBody(body, { signal: stop.signal });
      try {
        for (let chunk = await reader.read(); chunk !== undefined; chunk = await reader.read()) {
          guard.received(chunk.length);
          if (!sink.write(chunk)) break;
          if (sink.pending >= HIGH_WATER) await sink.below(LOW_WATER);
        }
      } catch (error) {
        if (guard.error || sink.error || isAbortError(error)) throw guard.error ?? sink.error ?? error;
        const reason = error instanceof Error ? error.message : String(error);
        throw new NetworkError(
          `The artifact download broke off after ${from + reader.receivedBytes} bytes (${reason})`,
          { provider: 'artifact-host', requestSent: true },
          { cause: error },
        );
      }
      if (sink.error) throw sink.error;
    },
    discard: () => void body?.cancel().catch(() => undefined),
  };
}
