/** One request/answer as a transport carries it (the layer under {@link sendRequest}). */
export interface Exchange {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array | undefined;
  /** Aborting it ends the exchange with an AbortError and closes the connection. */
  signal?: AbortSignal | undefined;
  /** Time by which the whole answer (headers and body) must be in, on the `performance.now()` clock. */
  deadlineAt: number;
  /** Longest silence while the body arrives, ms. */
  stallMs: number;
  /** Largest body read for a 2xx answer (more fails with a `too-large` BodyLimitError). */
  maxBytes: number;
  /** Largest error body kept; a longer one is dropped (the answer keeps its status, `text` is ''). */
  maxErrorBytes: number;
}

/** What came back: status, headers and the body as text (decoded as UTF-8). */
export interface ExchangeAnswer {
  status: number;
  statusText: string;
  /** A response header, or null. */
  header(name: string): string | null;
  text: string;
}

/**
 * Carries one {@link Exchange}. Rejects with an AbortError (signal), a BodyLimitError (deadline before
 * or during the body, a stall, a 2xx body over `maxBytes`) or the transport's own error; in every case
 * the connection is closed, so nothing keeps reading or holds the process.
 */
export type ExchangeTransport = (exchange: Exchange) => Promise<ExchangeAnswer>;

/** True for a 2xx status. */
export const isOkStatus = (status: number): boolean => status >= 200 && status <= 299;
