import { abortError } from '../deps.js';
import { type ExchangeTransport, isOkStatus } from './exchange.js';
import { BodyLimitError, isBodyLimitError, readBodyText } from './guarded-body.js';

/**
 * A transport over a WHATWG `fetch` (an injected one: tests, or a fetch with its own proxy support).
 * The wait for headers races the transport's own timer and abort (Node 20's fetch can lose an abort:
 * its internal controller is only weakly held); the body is read by {@link readBodyText}, whose own
 * guard cancels the stream, which makes undici destroy the socket.
 */
export function fetchTransport(fetchFn: typeof fetch): ExchangeTransport {
  return async (exchange) => {
    const { signal } = exchange;
    const controller = new AbortController();
    let cutHeaders: ((error: Error) => void) | undefined;
    const onAbort = () => {
      controller.abort(signal?.reason);
      cutHeaders?.(abortError(signal));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(
      () => {
        const error = new BodyLimitError('deadline', 'the answer did not arrive in time', 0, false);
        controller.abort(error);
        cutHeaders?.(error);
      },
      Math.max(1, Math.ceil(exchange.deadlineAt - performance.now())),
    );
    const init: RequestInit = {
      method: exchange.method,
      headers: exchange.headers,
      signal: controller.signal,
      redirect: 'error',
    };
    if (exchange.body !== undefined) init.body = exchange.body;
    try {
      const pending = fetchFn(exchange.url, init);
      let response: Response;
      try {
        response = await Promise.race([
          pending,
          new Promise<never>((_resolve, reject) => {
            cutHeaders = reject;
          }),
        ]);
      } catch (error) {
        // An answer that still comes after the cut is dropped with its connection.
        pending.then(
          (late) => late.body?.cancel().catch(() => {}),
          () => {},
        );
        throw error;
      }
      cutHeaders = undefined;
      clearTimeout(timer);
      const ok = isOkStatus(response.status);
      let text: string;
      try {
        text = await readBodyText(response, {
          maxBytes: ok ? exchange.maxBytes : exchange.maxErrorBytes,
          deadlineAt: exchange.deadlineAt,
          stallMs: exchange.stallMs,
          signal,
          onCut: (error) => controller.abort(error),
        });
      } catch (error) {
        // An error body too large to keep: the status is what matters.
        if (ok || !isBodyLimitError(error) || error.reason !== 'too-large') throw error;
        text = '';
      }
      return {
        status: response.status,
        statusText: response.statusText,
        header: (name) => response.headers.get(name),
        text,
      };
    } catch (error) {
      if (signal?.aborted) throw abortError(signal);
      throw error;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  };
}
