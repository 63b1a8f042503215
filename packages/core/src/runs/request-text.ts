import { parseTree } from 'jsonc-parser';
import type { RequestFileIssue } from '../errors/request-file-error.js';
import { isUsageError, UsageError } from '../errors/usage-error.js';
import type { RequestCheckOptions } from '../providers/body-schemas.js';
import { formatJsonPath } from '../request-file/issues.js';
import { locateIssues } from '../request-file/locate.js';
import { checkRequestFile, localMediaIssues, readRequestText } from '../request-file/parse.js';
import type { RequestFile } from '../request-file/types.js';
import { expandVariations } from './variations.js';

/** Reads a UTF-8 input of a run (BOM dropped). Throws UsageError naming the file when it cannot. */
export async function readRunInput(path: string, what = 'Request file'): Promise<string> {
  try {
    return await readRequestText(path);
  } catch (error) {
    if (!isUsageError(error) || what === 'Request file') throw error;
    throw new UsageError(error.message.replace(/^Request file/, what), { cause: error.cause });
  }
}

/** A request text checked: the file when it has no error, and every issue (errors first), located. */
export interface CheckedRequest {
  file?: RequestFile;
  issues: RequestFileIssue[];
}

/**
 * Checks one request's JSON text as `checkRequestFile` does, then the local media files it names
 * (relative to `baseDir`): the request's, or, with `variations`, those of every variant, an issue on a
 * file set in `variations` pointing there. For request files, manifest lines and CSV rows alike.
 */
export async function checkRequestText(
  text: string,
  baseDir: string,
  options: RequestCheckOptions = {},
): Promise<CheckedRequest> {
  const checked = checkRequestFile(text, options);
  const file = checked.file;
  if (file === undefined) return checked;
  const media = await mediaIssues(text, file, baseDir);
  if (media.length === 0) return checked;
  return { issues: [...media, ...checked.issues] };
}

async function mediaIssues(text: string, file: RequestFile, baseDir: string): Promise<RequestFileIssue[]> {
  if (!file.variations) return localMediaIssues(text, file, baseDir);
  const checkedBodies = new Set<string>();
  const reported = new Set<string>();
  const issues: RequestFileIssue[] = [];
  for (const variant of expandVariations(file, 'file')) {
    const digest = JSON.stringify(variant.request);
    if (checkedBodies.has(digest)) continue;
    checkedBodies.add(digest);
    for (const issue of await localMediaIssues(text, { ...file, request: variant.request }, baseDir)) {
      const origin = variant.origins.find((o) => o.field === issue.segments[1]);
      const segments = origin?.segments ?? issue.segments;
      const path = formatJsonPath(segments);
      if (reported.has(`${path}\u0000${issue.message}`)) continue;
      reported.add(`${path}\u0000${issue.message}`);
      issues.push({ path, segments, message: issue.message });
    }
  }
  return locateIssues(text, parseTree(text, [], { disallowComments: true }), issues);
}
