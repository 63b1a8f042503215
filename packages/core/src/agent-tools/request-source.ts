import { basename, dirname } from 'node:path';
import { isRequestFileError, type RequestFileIssue } from '../errors/request-file-error.js';
import { UsageError } from '../errors/usage-error.js';
import { localMediaIssues, parseRequestFile } from '../request-file/parse.js';
import type { RequestFile } from '../request-file/types.js';
import type { ShowPath } from './job-view.js';
import type { Issue, RequestSource } from './schemas.js';

/** Label of a request given inline rather than as a file. */
export const INLINE_SOURCE = 'inline request';

/** How the tools reach request files: the front end resolves and reads them. */
export interface RequestFileAccess {
  /** Absolute path of `path` (relative paths resolve against the workspace folder). */
  resolvePath(path: string): string;
  /**
   * The text of the request file at `absolutePath` (in an editor: the open document, saved or not).
   * Throws UsageError when it cannot be read.
   */
  readText(absolutePath: string): Promise<string>;
  /** How paths are shown to the agent. */
  showPath: ShowPath;
}

/** A valid request, ready to estimate or submit. */
export interface LoadedRequest {
  file: RequestFile;
  /** Absolute path of the request file; undefined for an inline request. */
  requestFile?: string;
  /** What the agent named: the file as shown, or {@link INLINE_SOURCE}. */
  source: string;
  /** Folder that relative media paths and `output` resolve against. */
  baseDir: string;
  /** `name` from the request, else the file's base name, else the endpoint. */
  name: string;
  /** Sent anyway: a deprecated model or provider, a value newer than the capability table. */
  warnings: Issue[];
}

/** The outcome of checking a request: loaded, or every problem at its JSON path. */
export type SourceCheck =
  | { ok: true; loaded: LoadedRequest }
  | { ok: false; source: string; issues: Issue[]; partial: Partial<RequestFile> };

/**
 * Reads (a file) or takes (inline) a request and validates it exactly as the CLI and the extension do:
 * the envelope, the endpoint's body schema, and every local media file it names. A request given
 * both ways, or neither, is a UsageError; an unreadable file too.
 */
export async function checkRequestSource(
  input: RequestSource,
  access: RequestFileAccess,
): Promise<SourceCheck> {
  if ((input.file === undefined) === (input.request === undefined)) {
    throw new UsageError('Give exactly one of "file" (a *.ltx.json path) or "request" (an inline request)');
  }
  const path = input.file === undefined ? undefined : access.resolvePath(input.file);
  const source = path === undefined ? INLINE_SOURCE : access.showPath(path);
  const baseDir = path === undefined ? access.resolvePath('.') : dirname(path);
  const text =
    path === undefined
      ? `${JSON.stringify(input.request, null, 2)}\n`
      : (await access.readText(path)).replace(/^\uFEFF/, '');
  try {
    const file = parseRequestFile(text, path ?? INLINE_SOURCE);
    const media = await localMediaIssues(text, file, baseDir);
    if (media.length > 0) return invalid(source, media, path !== undefined, file);
    const name = file.name ?? (path ? basename(path).replace(/\.ltx\.json$/i, '') : file.endpoint);
    const warnings = (file.warnings ?? []).map((w) => issueOf(w, path !== undefined));
    return {
      ok: true,
      loaded: { file, source, baseDir, name, warnings, ...(path === undefined ? {} : { requestFile: path }) },
    };
  } catch (error) {
    if (!isRequestFileError(error)) throw error;
    return invalid(source, error.issues, path !== undefined, partialOf(text));
  }
}

function invalid(
  source: string,
  issues: readonly RequestFileIssue[],
  located: boolean,
  partial: Partial<RequestFile>,
): SourceCheck {
  return {
    ok: false,
    source,
    partial,
    issues: issues.map((i) => issueOf(i, located)),
  };
}

/** The agent's view of one located problem; `located` false drops line and column. */
function issueOf(issue: RequestFileIssue, located: boolean): Issue {
  return {
    path: issue.path,
    message: issue.message,
    // Line and column of an inline request would point into our own re-serialisation of it.
    ...(located && issue.line !== undefined ? { line: issue.line, column: issue.column ?? 1 } : {}),
    ...(issue.code === undefined ? {} : { code: issue.code }),
    ...(issue.fix === undefined ? {} : { suggestion: issue.fix.title }),
  };
}

/** The provider, endpoint and model of an invalid request, where they can be read, for the summary. */
function partialOf(text: string): Partial<RequestFile> {
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    const partial: Partial<RequestFile> = {};
    if (value.provider === 'ltx' || value.provider === 'useapi') partial.provider = value.provider;
    if (typeof value.endpoint === 'string') partial.endpoint = value.endpoint;
    if (typeof value.name === 'string') partial.name = value.name;
    if (value.request && typeof value.request === 'object') {
      partial.request = value.request as Record<string, unknown>;
    }
    return partial;
  } catch {
    return {};
  }
}

/** `file:12:5: $.request.duration: expected … (Change to 8)` lines, as the CLI prints them. */
export function issueLines(source: string, issues: readonly Issue[], prefix = ''): string {
  return issues
    .map(
      (i) =>
        `${prefix}${source}${i.line ? `:${i.line}:${i.column ?? 1}` : ''}: ${i.path}: ${i.message}${i.suggestion ? ` (${i.suggestion})` : ''}`,
    )
    .join('\n');
}
