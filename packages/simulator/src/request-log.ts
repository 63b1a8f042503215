import type { IncomingMessage } from 'node:http';
import type { ApiName, Operation, RequestLogEntry } from './types.js';

/** Filter for {@link RequestLog.filter}; every given field must match. */
export interface RequestFilter {
  api?: ApiName | 'unknown';
  op?: Operation;
  method?: string;
  status?: number;
  jobId?: string;
}

/** Every request both ports received, in order, with the Authorization value redacted. */
export class RequestLog {
  readonly entries: RequestLogEntry[] = [];

  /** Records a request as it arrives; the entry is updated when the answer goes out. */
  start(req: IncomingMessage, api: ApiName | 'unknown', op: Operation, at: number): RequestLogEntry {
    const [path = '/', query = ''] = (req.url ?? '/').split('?', 2);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined) continue;
      headers[name] =
        name === 'authorization' ? '[redacted]' : Array.isArray(value) ? value.join(', ') : value;
    }
    const entry: RequestLogEntry = {
      seq: this.entries.length + 1,
      at,
      api,
      op,
      method: req.method ?? 'GET',
      path,
      query,
      headers,
      hasAuthorization: req.headers.authorization !== undefined,
      status: 0,
      outcome: 'pending',
    };
    this.entries.push(entry);
    return entry;
  }

  /** Entries matching every field of `filter`. */
  filter(filter: RequestFilter = {}): RequestLogEntry[] {
    return this.entries.filter(
      (e) =>
        (filter.api === undefined || e.api === filter.api) &&
        (filter.op === undefined || e.op === filter.op) &&
        (filter.method === undefined || e.method === filter.method.toUpperCase()) &&
        (filter.status === undefined || e.status === filter.status) &&
        (filter.jobId === undefined || e.jobId === filter.jobId),
    );
  }

  /** Forgets every entry. */
  clear(): void {
    this.entries.length = 0;
  }
}
