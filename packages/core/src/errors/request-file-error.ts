import { hasErrorName, LtxJobsError } from './ltx-jobs-error.js';

/**
 * A mechanical fix of one issue, for editor quick fixes: put `value` at the issue's path, remove the
 * property, or rename it to `key`. `title` is what the editor offers, e.g. `Use ltx-2-3-fast`.
 */
export type RequestFileFix =
  | { kind: 'replace'; title: string; value: unknown }
  | { kind: 'remove'; title: string }
  | { kind: 'rename'; title: string; key: string };

/** One problem in a request file, located precisely enough for an editor diagnostic. */
export interface RequestFileIssue {
  /** JSON path, e.g. `$.request.duration` (`$` for a syntax error). */
  path: string;
  /** The same path as segments, e.g. `['request', 'duration']`. */
  segments: (string | number)[];
  /** What is wrong, e.g. `expected one of 6, 8, 10, got 7`. */
  message: string;
  /** 1-based line and column of the offending value (or of the syntax error). */
  line?: number;
  column?: number;
  /** 0-based character offset and length of the offending value in the file text. */
  offset?: number;
  length?: number;
  /** `error` (default: nothing is sent) or `warning` (sent; e.g. a value newer than the catalog). */
  severity?: 'error' | 'warning';
  /** Kind of problem, e.g. `removed-model`, `unknown-model`, `syntax`, `duplicate-key`. */
  code?: string;
  /** A mechanical fix, when there is an obvious one. */
  fix?: RequestFileFix;
}

/**
 * A request file that cannot be submitted: a JSON syntax error (with line and column) or schema
 * errors (with JSON paths). Kept outside the transport family: nothing was sent.
 */
export class RequestFileError extends LtxJobsError {
  /** The file as given by the caller (path or URI). */
  readonly file: string;
  readonly issues: RequestFileIssue[];

  constructor(file: string, issues: RequestFileIssue[]) {
    super(RequestFileError.describe(file, issues), 'validation');
    this.name = 'RequestFileError';
    this.file = file;
    this.issues = issues;
  }

  /** `file:line:col: $.path: message` for each issue, one per line. */
  static describe(file: string, issues: RequestFileIssue[]): string {
    return issues
      .map((i) => `${file}${i.line ? `:${i.line}:${i.column ?? 1}` : ''}: ${i.path}: ${i.message}`)
      .join('\n');
  }
}

export const isRequestFileError = (e: unknown): e is RequestFileError => hasErrorName(e, 'RequestFileError');
