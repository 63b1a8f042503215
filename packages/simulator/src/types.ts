/** Which surface of the simulator a request hit. `storage` is the signed-URL artifact and upload host. */
export type ApiName = 'ltx' | 'useapi' | 'storage';

/** What a request does, as the simulator classifies it (used by fault matching and the request log). */
export type Operation =
  | 'submit'
  | 'status'
  | 'upload'
  | 'cancel'
  | 'scheduler'
  | 'download'
  | 'upload-put'
  | 'other';

/** The two job APIs. */
export type SimProvider = 'ltx' | 'useapi';

/** One request as the simulator saw it, for assertions in tests. */
export interface RequestLogEntry {
  /** 1-based order of arrival across both listening ports. */
  seq: number;
  /** Arrival time, epoch milliseconds (from the simulator's clock). */
  at: number;
  api: ApiName | 'unknown';
  op: Operation;
  method: string;
  /** Path without the query string, as received (still URL-encoded). */
  path: string;
  /** The raw query string without `?`, '' when none. */
  query: string;
  /** Request headers, lower-case names. An `authorization` value is replaced by `[redacted]`. */
  headers: Record<string, string>;
  /** True when the request carried an `Authorization` header (its value is never kept). */
  hasAuthorization: boolean;
  /** HTTP status sent; `0` when the connection was reset or cut before a status went out. */
  status: number;
  /** `cut` = the body stopped midway on purpose; `reset` = the socket was destroyed by a fault. */
  outcome: 'responded' | 'reset' | 'cut' | 'pending';
  /** The fault that shaped this response, e.g. `http-error:503`, `rate-limit`, `reset`. */
  fault?: string;
  /** The job this request created or read, when there is one. */
  jobId?: string;
}
