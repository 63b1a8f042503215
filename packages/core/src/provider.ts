import type { Job, ProviderName } from './job.js';
import type { JobRef } from './job-ref.js';

/** What a submit returns once the provider has accepted the job. */
export interface SubmitResult {
  /** The provider's job id (LTX `id`, useapi `jobId`). */
  id: string;
  /** ISO-8601, when the provider says. */
  createdAt?: string;
  /** The raw accepted response. */
  raw: unknown;
  /** A full status when the provider returned one with the submit (useapi `pollForResult`). */
  job?: Job;
}

/** What identifies a submit whose answer was lost (see ProviderClient.findSubmitted). */
export interface SubmitMarker {
  /** The value the submit put in the body (useapi `replyRef`). */
  marker: string;
  endpoint: string;
  /** ISO-8601: when the POST went out. */
  postedAt?: string;
}

/** One status read. */
export interface StatusResult {
  job: Job;
  /** The server's `Retry-After`, in milliseconds, when it sent one on a 2xx. */
  retryAfterMs?: number;
}

/** Options common to every client call. */
export interface CallOptions {
  /** Cuts the request in flight. */
  signal?: AbortSignal;
}

/**
 * One provider's lifecycle: submit -> status -> (cancel). Clients make exactly one HTTP attempt per
 * call (apart from what {@link ProviderClient.submit} documents); retries and pacing belong to the
 * poll engine and the submit queue.
 */
export interface ProviderClient {
  readonly provider: ProviderName;
  /** The endpoints `submit` accepts. */
  readonly endpoints: readonly string[];
  /** Set when the provider is deprecated; show `message` wherever users pick or see it. */
  readonly deprecation?: { since: string; message: string };
  /** True when the provider can cancel (useapi's scheduler). */
  readonly canCancel: boolean;
  /**
   * Validates `body` against the endpoint's schema and submits it. Billed. Retried inside only when
   * the server said no job was started (429 / 503, honouring Retry-After, a few times); never after a
   * timeout or a dropped connection once the body was sent.
   */
  submit(endpoint: string, body: unknown, options?: CallOptions): Promise<SubmitResult>;
  /** Reads the job once and maps it to a {@link Job}. Throws the typed HTTP/network errors as they come. */
  status(ref: JobRef, options?: CallOptions): Promise<StatusResult>;
  /** Cancels where the provider can (useapi `DELETE /scheduler/{jobId}`); throws UsageError otherwise. */
  cancel(ref: JobRef, options?: CallOptions): Promise<void>;
  /**
   * Looks for the job of a submit whose answer was lost, by the marker that submit put in its body
   * (useapi: `replyRef`, matched in the scheduler and the newest assets). Undefined when nothing
   * matches. Absent when the provider has no way to list jobs (LTX).
   */
  findSubmitted?(marker: SubmitMarker, options?: CallOptions): Promise<SubmitResult | undefined>;
  /**
   * Uploads every media field of `body` that names a local file (relative to `baseDir`) and returns a
   * copy of `body` with those fields replaced by what the provider expects (LTX `storage_uri`,
   * useapi asset `fileId`). URLs and data URIs are left alone.
   */
  resolveMedia(
    endpoint: string,
    body: Record<string, unknown>,
    options: CallOptions & { baseDir: string },
  ): Promise<Record<string, unknown>>;
}
