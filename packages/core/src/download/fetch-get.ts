import { type Deps, isAbortError } from '../deps.js';
import { NetworkError } from '../errors/network-error.js';
import type { AttemptGuard } from './attempt-guard.js';
import type { FileSink } from './file-sink.js';
import type { ArtifactResponse } from './socket-get.js';

// One GET of an artifact through `deps.fetch`: the fallback of socket-get.ts for networks where only
// fetch gets through (VS Code routes fetch through the user's proxy; a plain socket is not), and the
// transport when `transport: 'fetch'` is asked for. Slower (a Buffer per chunk), with the same
// guarantees: bounded memory (the reader waits while the writer is behind) and reads bounded by the
// guard itself, because on Node 20 an abort does not always end a trickling body.

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
  const cuts = createCutRace(guard);
  let response: Response;
  try {
    response = await cuts.race(
      fetch(url, { headers, redirect: 'follow', credentials: 'omit', signal: guard.signal }),
    );
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
      const reader = body.getReader();
      const stop = () => void reader.cancel().catch(() => undefined);
      guard.onCut(stop);
      sink.onError(stop);
      cuts.watch(sink);
      let count = 0;
      try {
        for (;;) {
          const { done, value } = await cuts.race(reader.read());
          if (done) return;
          guard.received(value.length);
          count += value.length;
          if (!sink.write(value)) throw sink.error;
          if (sink.pending >= HIGH_WATER) await cuts.race(sink.below(LOW_WATER));
        }
      } catch (error) {
        if (guard.error || sink.error || isAbortError(error)) throw guard.error ?? sink.error ?? error;
        const reason = error instanceof Error ? error.message : String(error);
        throw new NetworkError(
          `The artifact download broke off after ${from + count} bytes (${reason})`,
          { provider: 'artifact-host', requestSent: true },
          { cause: error },
        );
      }
    },
    discard: () => void body?.cancel().catch(() => undefined),
  };
}

/**
 * Races promises against the cut of the attempt (or a failure of the sink): `race(p)` is `p`, or a
 * rejection with the cut's error as soon as it happens, without waiting for `p` (it may never
 * settle). One listener on the guard for all races, not one per read.
 */
function createCutRace(guard: AttemptGuard) {
  let failed: Error | undefined;
  let rejectCurrent: ((error: Error) => void) | undefined;
  const cut = (error: Error) => {
    failed ??= error;
    const reject = rejectCurrent;
    rejectCurrent = undefined;
    reject?.(error);
  };
  guard.onCut(cut);
  return {
    /** Also ends races when `sink` fails. */
    watch(sink: FileSink) {
      sink.onError(cut);
    },
    race<T>(promise: Promise<T>): Promise<T> {
      if (failed) {
        promise.catch(() => undefined);
        return Promise.reject(failed);
      }
      return new Promise<T>((resolve, reject) => {
        rejectCurrent = reject;
        promise.then(resolve, reject).finally(() => {
          if (rejectCurrent === reject) rejectCurrent = undefined;
        });
      });
    },
  };
}
