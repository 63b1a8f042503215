import { isAbsolute, relative, resolve, sep } from 'node:path';
import { UsageError } from '../errors/usage-error.js';
import type { Artifact, Job } from '../job.js';

/** Longest file name this module produces, in characters (120; well under every file system's 255). */
export const MAX_FILE_NAME_LENGTH = 120;

const MIME_EXTENSIONS: Record<string, string> = {
  'video/mp4': 'mp4',
  'video/quicktime': 'mov',
  'video/x-matroska': 'mkv',
  'video/webm': 'webm',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'audio/wav': 'wav',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'audio/ogg': 'ogg',
  'application/zip': 'zip',
};
/** Extensions implied by LTX result keys when no MIME type is given. */
const LABEL_EXTENSIONS: Record<string, string> = { video_url: 'mp4', exr_frames_url: 'zip' };
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;

/** File extension (no dot) for a MIME type, e.g. `video/mp4` -> `mp4`; `bin` when unknown. */
export function extensionForMime(mimeType: string | undefined): string {
  const bare = mimeType?.split(';')[0]?.trim().toLowerCase() ?? '';
  return MIME_EXTENSIONS[bare] ?? 'bin';
}

/**
 * Makes `name` a plain file name: decodes %-escapes, turns path separators, NUL, control and
 * Windows-forbidden characters into `_`, drops leading dots/spaces and trailing dots/spaces, defuses
 * Windows device names (`CON`, `nul.txt`, `COM1`...) and caps the length, keeping the extension.
 * Returns `''` when nothing usable is left.
 */
export function sanitizeFileName(name: string): string {
  let text = name;
  try {
    text = decodeURIComponent(text);
  } catch {
    // keep it as it came
  }
  text = text
    .normalize('NFC')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we strip
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]/g, '_')
    .replace(/\.{2,}/g, '.')
    .replace(/^[.\s_]+/, '')
    .replace(/[.\s]+$/, '');
  if (WINDOWS_RESERVED.test(text)) text = `_${text}`;
  if (text.length > MAX_FILE_NAME_LENGTH) {
    const dot = text.lastIndexOf('.');
    const ext = dot > 0 && text.length - dot <= 10 ? text.slice(dot) : '';
    text = text.slice(0, MAX_FILE_NAME_LENGTH - ext.length) + ext;
  }
  return /[a-z0-9]/i.test(text) ? text : '';
}

/**
 * A short, file-name-safe form of a job id: the first 8 characters of the UUID in it (LTX ids are
 * UUIDs; useapi's `email:…-job:<uuid>-type:video` has one after `job:`), else its last 8 letters/digits.
 */
export function shortJobId(id: string): string {
  const uuid = /job:([0-9a-f]{8})/i.exec(id) ?? /\b([0-9a-f]{8})-[0-9a-f]{4}-/i.exec(id);
  if (uuid?.[1]) return uuid[1].toLowerCase();
  const plain = id.replace(/[^a-z0-9]/gi, '');
  return (plain.slice(-8) || 'job').toLowerCase();
}

/**
 * A file name for one artifact, derived from server data but never able to leave the output folder.
 * With the job's user-facing `jobName` (the request file's `name`): `<name>-<shortid>.<ext>`, so
 * files are found by what the user called the job. Without it: `<shortid>-<URL basename>` when the
 * URL's last path segment is a usable name with an extension, else `<label>-<shortid>.<ext>`. The
 * extension comes from the MIME type or the LTX result key, else the URL.
 */
export function safeArtifactFileName(job: Pick<Job, 'id'>, artifact: Artifact, jobName?: string): string {
  const short = shortJobId(job.id);
  let base = '';
  try {
    const path = new URL(artifact.url).pathname;
    base = sanitizeFileName(path.slice(path.lastIndexOf('/') + 1));
  } catch {
    base = '';
  }
  const urlExt = /\.([a-z0-9]{1,8})$/i.exec(base)?.[1]?.toLowerCase();
  const mimeExt = artifact.mimeType ? extensionForMime(artifact.mimeType) : 'bin';
  const knownExt = mimeExt !== 'bin' ? mimeExt : LABEL_EXTENSIONS[artifact.label];
  const stem = jobName ? sanitizeFileName(jobName.replace(/\.ltx\.json$/i, '')) : '';
  if (stem) return sanitizeFileName(`${stem}-${short}.${knownExt ?? urlExt ?? 'bin'}`);
  if (urlExt) return sanitizeFileName(`${short}-${base}`);
  const label = sanitizeFileName(artifact.label.replace(/_url$/, '')) || 'artifact';
  return sanitizeFileName(`${label}-${short}.${artifact.mimeType ? mimeExt : (knownExt ?? 'bin')}`);
}

/**
 * `dir` joined with `name`, as an absolute path. Throws UsageError when the result is `dir` itself
 * or lies outside it (`..`, an absolute name, a drive letter).
 */
export function resolveInside(dir: string, name: string): string {
  const root = resolve(dir);
  const target = resolve(root, name);
  const rel = relative(root, target);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    throw new UsageError(`Refusing to write "${name}": it resolves outside the output folder ${root}`);
  }
  return target;
}
