import { dirname, extname } from 'node:path';
import { applyEdits, modify, parse } from 'jsonc-parser';
import { RequestFileError } from '../errors/request-file-error.js';
import { UsageError } from '../errors/usage-error.js';
import { ProviderNameSchema } from '../job.js';
import { mediaFieldsOf, type RequestCheckOptions } from '../providers/body-schemas.js';
import { mimeTypeOf } from '../providers/local-media.js';
import { localMediaIssues, parseRequestFile, readRequestText } from '../request-file/parse.js';
import type { RequestFile } from '../request-file/types.js';

/** `video`, `image` or `audio`: what a media field takes, by its name (`video_uri`, `startAssetId`, ...). */
export function mediaKindOfField(field: string): 'video' | 'image' | 'audio' {
  if (/video/i.test(field)) return 'video';
  if (/audio/i.test(field)) return 'audio';
  return 'image';
}

/** The media field of the request file's endpoint that takes a file like `sourcePath`. */
export interface FilledMedia {
  /** The request file's text with `request.<field>` set to the source. */
  text: string;
  field: string;
}

/**
 * Puts `sourcePath` into the first media field of the request file's endpoint that takes that kind of
 * file (`video_uri` for an MP4 on `extend`, `image_uri` for a PNG on `image-to-video`), adding the
 * field or replacing its value; the rest of the text is left as written. `ltx-jobs submit --from`.
 * @param fileLabel the request file, named in errors.
 * @throws UsageError when the text has no provider/endpoint yet, or no field of the endpoint takes such a file.
 */
export function fillMediaField(text: string, fileLabel: string, sourcePath: string): FilledMedia {
  const value: unknown = parse(text);
  const file = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const provider = ProviderNameSchema.safeParse(file.provider);
  const endpoint = typeof file.endpoint === 'string' ? file.endpoint : undefined;
  if (!provider.success || endpoint === undefined) {
    throw new UsageError(`${fileLabel}: --from needs a request file with "provider" and "endpoint"`);
  }
  const kind = mimeTypeOf(sourcePath)?.split('/')[0];
  const fields = mediaFieldsOf(provider.data, endpoint);
  const field = fields.find((f) => mediaKindOfField(f) === kind);
  if (field === undefined) {
    const takes =
      fields.length === 0
        ? 'takes no media'
        : `takes ${fields.join(', ')} (${fields.map(mediaKindOfField).join(', ')})`;
    throw new UsageError(
      `${fileLabel}: --from ${sourcePath} is ${kindText(kind, sourcePath)}, but ${provider.data} ${endpoint} ${takes}`,
    );
  }
  const edits = modify(text, ['request', field], sourcePath, {
    formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' },
  });
  return { text: applyEdits(text, edits), field };
}

function kindText(kind: string | undefined, path: string): string {
  if (kind === 'image') return 'an image';
  if (kind === 'video' || kind === 'audio') return `${kind === 'video' ? 'a video' : 'an audio file'}`;
  return `a ${extname(path) || 'extensionless'} file`;
}

/**
 * Loads the request file at `path` with `sourcePath` put into its media field ({@link fillMediaField}),
 * then validates it (`options.strict` as `loadRequestFile`) and its local media like `loadRequestFile`.
 * The file on disk is not changed.
 * @throws UsageError (unreadable file, a source that fits no field) or RequestFileError (invalid file).
 */
export async function loadRequestFileFrom(
  path: string,
  sourcePath: string,
  options: RequestCheckOptions = {},
): Promise<{ file: RequestFile; field: string }> {
  const filled = fillMediaField(await readRequestText(path), path, sourcePath);
  const file = parseRequestFile(filled.text, path, options);
  const issues = await localMediaIssues(filled.text, file, dirname(path));
  if (issues.length > 0) throw new RequestFileError(path, issues);
  return { file, field: filled.field };
}
