import type { Artifact } from '../job.js';

/** Words for the result keys the providers use (LTX `result` keys, useapi's one `asset`). */
const KIND_BY_LABEL: Readonly<Record<string, string>> = {
  video_url: 'video',
  exr_frames_url: 'EXR frames',
};

/**
 * What an artifact is, for people: `video`, `EXR frames`, `image`, `audio`, from the provider's key
 * (`video_url`) or, for a generic key such as useapi's `asset`, from its MIME type. An unknown key
 * is shown without its `_url` suffix (`depth_map_url` -> `depth map`).
 */
export function artifactKind(artifact: Pick<Artifact, 'label' | 'mimeType'>): string {
  const known = KIND_BY_LABEL[artifact.label];
  if (known !== undefined) return known;
  const mime = artifact.mimeType?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (mime.startsWith('video/')) return 'video';
  if (mime.startsWith('image/')) return 'image';
  if (mime.startsWith('audio/')) return 'audio';
  if (mime === 'application/zip') return 'archive';
  const words = artifact.label
    .replace(/_?url$/i, '')
    .replace(/[_-]+/g, ' ')
    .trim();
  return words === '' ? 'file' : words;
}
