import { basename, dirname, resolve } from 'node:path';
import { z } from 'zod';
import { RequestFileError } from '../errors/request-file-error.js';
import { isUsageError } from '../errors/usage-error.js';
import type { RequestCheckOptions } from '../providers/body-schemas.js';
import { zodIssuesToRequestFileIssues } from '../request-file/issues.js';
import { type LoadedInput, onLine, splitIssues } from './loaded-request.js';
import { checkRequestText, readRunInput } from './request-text.js';

/** A manifest line that names a request file instead of holding one (relative to the manifest). */
const FileRefSchema = z.strictObject({
  file: z.string().min(1).describe('A request file (*.ltx.json), relative to the manifest.'),
});

/** True for a `*.jsonl` manifest (one request per line). */
export function isJsonlManifest(path: string): boolean {
  return /\.jsonl$/i.test(path);
}

/**
 * Loads a JSONL manifest (`*.ltx.jsonl`): each non-blank line is a request file written on one line
 * (`{"provider": "ltx", "endpoint": …, "name": …, "request": {…}}`, `variations` allowed) or a
 * reference `{"file": "shots/a.ltx.json"}`. Every line is checked; each bad line gives an error at
 * `manifest:line:column` (a referenced file's issues are reported in that file, naming the line).
 * Media paths of a written-in request are relative to the manifest. A line without a `name` is named
 * `<manifest>-<line>`.
 */
export async function loadJsonlManifest(
  path: string,
  options: RequestCheckOptions = {},
): Promise<LoadedInput> {
  const text = await readRunInput(path, 'Manifest');
  const lines = text.split(/\r?\n/);
  const baseDir = dirname(path);
  const base = basename(path).replace(/\.(ltx\.)?jsonl$/i, '');
  const width = String(lines.length).length;
  const out: LoadedInput = { requests: [], errors: [], warnings: [] };
  for (const [i, lineText] of lines.entries()) {
    if (lineText.trim() === '') continue;
    const line = i + 1;
    const ref = fileReference(lineText);
    if (ref !== undefined) {
      if ('issues' in ref) out.errors.push(new RequestFileError(path, onLine(ref.issues, line)));
      else await loadReferenced(resolve(baseDir, ref.file), { manifest: path, line }, options, out);
      continue;
    }
    const checked = await checkRequestText(lineText, baseDir, options);
    const { error, warning } = splitIssues(path, onLine(checked.issues, line));
    if (warning) out.warnings.push(warning);
    if (error || !checked.file) {
      if (error) out.errors.push(error);
      continue;
    }
    const name = checked.file.name ?? `${base}-${String(line).padStart(width, '0')}`;
    out.requests.push({
      file: { ...checked.file, name },
      requestFile: path,
      keyLabel: `${basename(path)}:${line}`,
      baseDir,
      line,
    });
  }
  if (out.requests.length === 0 && out.errors.length === 0) {
    out.errors.push(
      new RequestFileError(path, [
        { path: '$', segments: [], message: 'the manifest has no requests (one JSON object per line)' },
      ]),
    );
  }
  return out;
}

/** The `{"file": …}` of a reference line, its issues when malformed, undefined for any other line. */
function fileReference(
  lineText: string,
): { file: string } | { issues: ReturnType<typeof zodIssuesToRequestFileIssues> } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(lineText);
  } catch {
    return undefined; // checkRequestFile reports the syntax error with its column
  }
  if (typeof value !== 'object' || value === null || !('file' in value) || 'provider' in value)
    return undefined;
  const parsed = FileRefSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  return { issues: zodIssuesToRequestFileIssues(parsed.error.issues, { value, schema: FileRefSchema }) };
}

async function loadReferenced(
  file: string,
  from: { manifest: string; line: number },
  options: RequestCheckOptions,
  out: LoadedInput,
): Promise<void> {
  const { manifest, line } = from;
  let text: string;
  try {
    text = await readRunInput(file);
  } catch (error) {
    if (!isUsageError(error)) throw error;
    const issue = { path: '$.file', segments: ['file'], message: error.message, line, column: 1 };
    out.errors.push(new RequestFileError(manifest, [issue]));
    return;
  }
  const checked = await checkRequestText(text, dirname(file), options);
  const where = `${basename(manifest)}:${line}`;
  const noted = checked.issues.map((i) => ({ ...i, message: `${i.message} (from ${where})` }));
  const { error, warning } = splitIssues(file, noted);
  if (warning) out.warnings.push(warning);
  if (error) out.errors.push(error);
  if (error || !checked.file) return;
  out.requests.push({
    file: checked.file,
    requestFile: file,
    keyLabel: file,
    baseDir: dirname(file),
    line,
    manifest,
  });
}
