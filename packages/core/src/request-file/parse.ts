import { constants, type Stats } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type ParseError, parseTree } from 'jsonc-parser';
import { RequestFileError, type RequestFileIssue } from '../errors/request-file-error.js';
import { UsageError } from '../errors/usage-error.js';
import {
  localMediaRefs,
  type RequestCheckOptions,
  requestBodySchema,
  requestWarnings,
  strictRequestIssues,
  unknownEndpointMessage,
} from '../providers/body-schemas.js';
import { locateLocalMedia } from '../providers/local-media.js';
import { checkEachBody, variationsIssues } from '../runs/variant-check.js';
import {
  MAX_REQUEST_FILE_BYTES,
  reservedKeyIssues,
  structureIssue,
  tooLargeMessage,
  treeValue,
} from './guard.js';
import { zodIssuesToRequestFileIssues } from './issues.js';
import { duplicateKeyIssues, locateIssues, syntaxIssue, type UnlocatedIssue } from './locate.js';
import { RequestFileSchema } from './schema.js';
import type { RequestFile } from './types.js';

/** Strict JSON: request files are `*.ltx.json`, read by editors, jq and scripts as plain JSON. */
const STRICT_JSON = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false } as const;

function schemaIssues(value: unknown): UnlocatedIssue[] {
  const envelope = RequestFileSchema.safeParse(value);
  const issues: UnlocatedIssue[] = envelope.success
    ? []
    : zodIssuesToRequestFileIssues(envelope.error.issues, { value, schema: RequestFileSchema }).map(
        (issue) => (issue.code === 'unknown-property' ? { ...issue, target: 'key' as const } : issue),
      );
  const file = value as Record<string, unknown>;
  const provider = RequestFileSchema.shape.provider.safeParse(file?.provider);
  if (!provider.success || typeof file.endpoint !== 'string' || file.endpoint === '') return issues;
  const schema = requestBodySchema(provider.data, file.endpoint);
  if (!schema) {
    issues.push({
      path: '$.endpoint',
      segments: ['endpoint'],
      message: unknownEndpointMessage(provider.data, file.endpoint),
    });
    return issues;
  }
  const request = file.request;
  if (typeof request !== 'object' || request === null || Array.isArray(request)) return issues;
  // With `variations`, each distinct variant's body is checked (see checkEachBody).
  const bodyIssues = checkEachBody(file, (body) => {
    const checked = schema.safeParse(body);
    if (checked.success) return [];
    return zodIssuesToRequestFileIssues(checked.error.issues, { value: body, schema, prefix: ['request'] });
  });
  for (const issue of [...bodyIssues, ...variationsIssues(file)]) {
    issues.push(issue.code === 'unknown-property' ? { ...issue, target: 'key' } : issue);
  }
  return issues;
}

/** Every problem of a request file's text: errors (nothing may be sent) and warnings, located. */
export interface RequestFileCheck {
  /** The file, when it has no error (it may have warnings, also in `file.warnings`). */
  file?: RequestFile;
  /** Errors first (`severity` unset), then warnings (`severity: 'warning'`). */
  issues: RequestFileIssue[];
}

/** Warnings (and, with `strict`, errors for unknown values) of a file whose envelope is valid. */
function tableIssues(value: unknown, options: RequestCheckOptions): UnlocatedIssue[] {
  const file = value as Record<string, unknown>;
  const provider = RequestFileSchema.shape.provider.safeParse(file?.provider);
  const request = file?.request;
  if (!provider.success || typeof file.endpoint !== 'string') return [];
  if (typeof request !== 'object' || request === null || Array.isArray(request)) return [];
  if (!requestBodySchema(provider.data, file.endpoint)) return [];
  const endpoint = file.endpoint;
  return checkEachBody(file, (body) => {
    const strict = options.strict ? strictRequestIssues(provider.data, endpoint, body) : [];
    const strictPaths = new Set(strict.map((i) => i.path));
    const warnings = requestWarnings(provider.data, endpoint, body).filter((w) => !strictPaths.has(w.path));
    return [...strict, ...warnings];
  });
}

/**
 * Checks the text of a request file (strict JSON: no comments, no trailing commas) without throwing
 * for what is wrong in it: the first syntax error (line/column), or every duplicate key and schema
 * issue with its JSON path, plus the capability table's warnings, each located at its value. For
 * editors, which show all of them at once.
 */
export function checkRequestFile(text: string, options: RequestCheckOptions = {}): RequestFileCheck {
  const structure = structureIssue(text);
  if (structure) return { issues: [structure] };
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, STRICT_JSON);
  const first = errors[0];
  if (first) return { issues: [{ ...syntaxIssue(text, first), code: 'syntax' }] };
  const reserved = reservedKeyIssues(text, tree);
  if (reserved.length > 0) return { issues: reserved };
  // Built from the tree with own data properties only: a "__proto__" key can never act as a prototype.
  const value: unknown = tree ? treeValue(tree) : undefined;
  const problems = [
    ...duplicateKeyIssues(text, tree).map((i) => ({ ...i, code: 'duplicate-key' })),
    ...locateIssues(text, tree, [...schemaIssues(value), ...tableIssues(value, options)]),
  ];
  const issues = [
    ...problems.filter((i) => i.severity !== 'warning'),
    ...problems.filter((i) => i.severity === 'warning'),
  ];
  if (issues.some((i) => i.severity !== 'warning')) return { issues };
  const file = value as Record<string, unknown>;
  const result: RequestFile = {
    provider: file.provider as RequestFile['provider'],
    endpoint: file.endpoint as string,
    request: file.request as Record<string, unknown>,
  };
  if (typeof file.$schema === 'string') result.$schema = file.$schema;
  if (typeof file.name === 'string') result.name = file.name;
  if (typeof file.output === 'string') result.output = file.output;
  if (typeof file.variations === 'object' && file.variations !== null)
    result.variations = file.variations as RequestFile['variations'] & object;
  if (issues.length > 0) result.warnings = issues;
  return { file: result, issues };
}

/**
 * Parses and validates the text of a request file (see {@link checkRequestFile}).
 * @param fileLabel path or URI shown in messages.
 * @param options `strict`: values the capability table does not know are errors, not warnings.
 * @returns the file, with the table's warnings in `warnings` (sent anyway).
 * @throws RequestFileError with every error (never the warnings).
 */
export function parseRequestFile(
  text: string,
  fileLabel: string,
  options: RequestCheckOptions = {},
): RequestFile {
  const checked = checkRequestFile(text, options);
  if (checked.file) return checked.file;
  throw new RequestFileError(
    fileLabel,
    checked.issues.filter((i) => i.severity !== 'warning'),
  );
}

/**
 * Checks the local files that a valid request file's media fields name (relative to `baseDir`, the
 * file's folder): one located issue per file that is missing, not a regular file or of a type the
 * provider does not take. Empty when every media file can be uploaded.
 * @param text the file's text, to locate each issue at its value.
 */
export async function localMediaIssues(
  text: string,
  file: RequestFile,
  baseDir: string,
): Promise<RequestFileIssue[]> {
  const issues: RequestFileIssue[] = [];
  for (const ref of localMediaRefs(file.provider, file.endpoint, file.request)) {
    const found = await locateLocalMedia(ref.value, baseDir, ref.extensions);
    if ('problem' in found) {
      issues.push({
        path: `$.request.${ref.field}`,
        segments: ['request', ref.field],
        message: found.problem,
      });
    }
  }
  return locateIssues(text, parseTree(text, [], STRICT_JSON), issues);
}

function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  if (info.isSocket()) return 'a socket';
  return 'not a regular file';
}

function tooLarge(path: string, bytes: number): RequestFileError {
  return new RequestFileError(path, [
    { path: '$', segments: [], message: tooLargeMessage(bytes), code: 'too-large', line: 1, column: 1 },
  ]);
}

/**
 * The UTF-8 text of the request file at `path` (BOM stripped), read without ever blocking or reading
 * without bound: opened non-blocking (a FIFO cannot hang the read), refused unless it is a regular file, refused over
 * {@link MAX_REQUEST_FILE_BYTES} (checked on the open file, and again while reading in case it grows).
 */
export async function readRequestText(path: string): Promise<string> {
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const why = code === 'ENOENT' ? 'not found' : code === 'EISDIR' ? 'is a folder' : 'cannot be read';
    throw new UsageError(`Request file ${path} ${why}`, { cause: error });
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new UsageError(`Request file ${path} is ${kindOf(info)}, not a regular file`);
    if (info.size > MAX_REQUEST_FILE_BYTES) throw tooLarge(path, info.size);
    const chunks: Buffer[] = [];
    let length = 0;
    for (;;) {
      const chunk = Buffer.alloc(256 * 1024);
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      length += bytesRead;
      if (length > MAX_REQUEST_FILE_BYTES) throw tooLarge(path, length);
    }
    return Buffer.concat(chunks, length)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
  } finally {
    await handle.close();
  }
}

/**
 * Reads `path` (UTF-8, BOM stripped), parses it with {@link parseRequestFile} and checks the local
 * media files it names ({@link localMediaIssues}), so nothing is uploaded or submitted for a file
 * whose media cannot be sent. `options.strict`: refuse values the capability table does not know.
 * @throws UsageError when the file cannot be read or is not a regular file (a FIFO, a device, a
 * folder); RequestFileError when it is invalid or larger than {@link MAX_REQUEST_FILE_BYTES}.
 */
export async function loadRequestFile(path: string, options: RequestCheckOptions = {}): Promise<RequestFile> {
  const clean = await readRequestText(path);
  const file = parseRequestFile(clean, path, options);
  const issues = await localMediaIssues(clean, file, dirname(path));
  if (issues.length > 0) throw new RequestFileError(path, issues);
  return file;
}
