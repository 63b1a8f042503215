import { RequestFileError, type RequestFileIssue } from '../errors/request-file-error.js';
import type { RequestFile } from '../request-file/types.js';
import type { TakeParent } from '../takes/take-link.js';

/** One request of a run's inputs, valid, before its variations are expanded. */
export interface LoadedRunRequest {
  file: RequestFile;
  /** Path of the request file, or of the manifest for a request written in it. */
  requestFile: string;
  /** Label whose base name starts the variant keys: the file, or `shots.ltx.jsonl:7`. */
  keyLabel: string;
  /** Folder that relative media paths resolve against. */
  baseDir: string;
  /** 1-based line (JSONL) or record start line (CSV) in a manifest. */
  line?: number;
  /** The manifest whose `line` names this request file (`{"file": …}`); absent for a request written in it. */
  manifest?: string;
  /** What the request is a take of (`submit --from <ref>`). */
  parent?: TakeParent;
}

/** What loading one input gave: valid requests, and the errors of the parts that are not. */
export interface LoadedInput {
  requests: LoadedRunRequest[];
  /** One error per bad line (manifests) or per bad file; empty when all is valid. */
  errors: RequestFileError[];
  /** Notes of the validator on requests that are sent anyway, per file. */
  warnings: RequestFileError[];
}

/** Moves issues of a one-line text (a manifest line) to `line` of the manifest. */
export function onLine(issues: readonly RequestFileIssue[], line: number): RequestFileIssue[] {
  return issues.map((i) => ({ ...i, line, column: i.column ?? 1 }));
}

/** Splits issues into a RequestFileError of the errors and one of the warnings (either may be absent). */
export function splitIssues(
  file: string,
  issues: readonly RequestFileIssue[],
): { error?: RequestFileError; warning?: RequestFileError } {
  const errors = issues.filter((i) => i.severity !== 'warning');
  const warnings = issues.filter((i) => i.severity === 'warning');
  return {
    ...(errors.length > 0 ? { error: new RequestFileError(file, errors) } : {}),
    ...(warnings.length > 0 ? { warning: new RequestFileError(file, warnings) } : {}),
  };
}
