import { writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { UsageError } from '../errors/usage-error.js';
import { promptOf } from '../format/request-summary.js';
import { readVideoFacts } from '../preview/video-facts.js';
import { mimeTypeOf } from '../providers/local-media.js';
import { readProvenanceSource } from './provenance-file.js';
import { TAKE_ACTION_SPECS, type TakeAction, type TakeSource } from './take-actions.js';

/** Picture size and length of a source, when a reader can tell (undefined fields when it cannot). */
export interface SourceMediaInfo {
  width?: number | undefined;
  height?: number | undefined;
  durationSeconds?: number | undefined;
}

/** Options of {@link writeTakeRequest}. */
export interface TakeRequestOptions {
  /**
   * Reads the source's size and length. Default: a video's from its MP4 boxes (`readVideoFacts`); an
   * image's are not read. When unknown, the prefill uses safe defaults.
   */
  mediaInfo?: (path: string) => Promise<SourceMediaInfo | undefined>;
}

/** A take request file written next to its source. */
export interface WrittenTakeRequest {
  /** Absolute path of the new `*.ltx.json`. */
  path: string;
  /** Its text, as written. */
  text: string;
  /** The job name in the file. */
  name: string;
  /** Where the editor should put the selection: the value of the action's focus field (inside quotes). */
  focus: { offset: number; length: number };
}

/** Most files named `<source>-<action>[-n].ltx.json` tried before giving up. */
const MAX_NAME_TRIES = 1000;

/**
 * Writes a prefilled request file for `action` on `sourcePath` beside it, never overwriting a file
 * (`<source>-extend.ltx.json`, then `-2`, `-3`…). The source goes into the media field as a path
 * relative to the request (uploaded at submit), its job's prompt seeds the prompt, and a video take's
 * `output` is `.` so its results land beside its source. The source must be a video (an image for
 * `animate`).
 * @throws UsageError when the source is of the wrong kind; the file system's error when the folder is not writable.
 */
export async function writeTakeRequest(
  action: TakeAction,
  sourcePath: string,
  options: TakeRequestOptions = {},
): Promise<WrittenTakeRequest> {
  const spec = TAKE_ACTION_SPECS[action];
  const kind = mimeTypeOf(sourcePath)?.split('/')[0];
  if (kind !== spec.source) {
    throw new UsageError(
      `${basename(sourcePath)} is not ${spec.source === 'video' ? 'a video' : 'an image'}: ${action} takes ${spec.source === 'video' ? '.mp4, .mov or .mkv' : '.png, .jpg or .webp'} files`,
    );
  }
  const provenance = await readProvenanceSource(sourcePath);
  const reader = options.mediaInfo ?? (spec.source === 'video' ? readVideoFacts : undefined);
  const info: SourceMediaInfo = (await reader?.(sourcePath).catch(() => undefined)) ?? {};
  const fileBase = basename(sourcePath, extname(sourcePath));
  const name = `${provenance?.name ?? fileBase}-${spec.suffix}`;
  const source: TakeSource = {
    mediaPath: `./${basename(sourcePath)}`,
    prompt: promptOf(provenance?.request),
    width: info.width,
    height: info.height,
    durationSeconds: info.durationSeconds,
  };
  const text = `${JSON.stringify(
    {
      provider: 'ltx',
      endpoint: spec.endpoint,
      name,
      ...(spec.output === undefined ? {} : { output: spec.output }),
      request: spec.body(source),
    },
    null,
    2,
  )}\n`;
  const path = await writeUnique(dirname(sourcePath), `${fileBase}-${spec.suffix}`, text);
  return { path, text, name, focus: valueRange(text, ['request', spec.focus]) };
}

async function writeUnique(folder: string, stem: string, text: string): Promise<string> {
  for (let n = 1; n <= MAX_NAME_TRIES; n++) {
    const path = join(folder, `${stem}${n === 1 ? '' : `-${n}`}.ltx.json`);
    try {
      await writeFile(path, text, { encoding: 'utf8', flag: 'wx' });
      return path;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  throw new UsageError(`${folder} already holds ${MAX_NAME_TRIES} files named ${stem}-n.ltx.json`);
}

/** Offset and length of the value at `path` in `text`; a string's quotes are left out. */
export function valueRange(text: string, path: string[]): { offset: number; length: number } {
  const root = parseTree(text);
  const node = root === undefined ? undefined : findNodeAtLocation(root, path);
  if (node === undefined) return { offset: 0, length: 0 };
  return node.type === 'string'
    ? { offset: node.offset + 1, length: node.length - 2 }
    : { offset: node.offset, length: node.length };
}
