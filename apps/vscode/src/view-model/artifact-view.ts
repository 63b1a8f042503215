import type { Artifact, JobRecord } from '@ltx-jobs/core';
import { artifactKind, formatBytes, formatDuration, formatLocalTime } from '@ltx-jobs/core';
import { baseName, parseTime } from './format.js';
import type { IconView } from './job-state.js';

/** What the tree shows for one artifact of a job; built by {@link artifactViews}. */
export interface ArtifactView {
  /** The artifact's provider key (`video_url`, ...), the child's stable key. */
  key: string;
  /** What it is, for people: `video`, `EXR frames`. */
  label: string;
  description: string;
  tooltip: string;
  icon: IconView;
  contextValue: string;
  /** Absolute path when downloaded. */
  path?: string;
  url: string;
}

/**
 * One child view per artifact of the job, downloaded or not, labelled by kind (`video`,
 * `EXR frames`), not by the API's field name (that is in the tooltip).
 */
export function artifactViews(record: JobRecord, now: number): ArtifactView[] {
  const artifacts = record.job?.artifacts ?? [];
  return artifacts.map((artifact) => {
    const download = record.downloads.find((d) => d.label === artifact.label);
    const expiresAt = parseTime(artifact.expiresAt);
    const expired = expiresAt !== undefined && expiresAt <= now;
    const tokens = ['artifact', download !== undefined ? 'downloaded' : 'remote'];
    if (!expired) tokens.push('hasUrl');
    if (download === undefined && !expired) tokens.push('downloadable');
    if (isVideoArtifact(artifact, download?.path)) tokens.push('video');
    const remote = expired
      ? 'URL expired'
      : `not downloaded${expiresAt !== undefined ? ` · expires in ${formatDuration(expiresAt - now)}` : ''}`;
    const kind = artifactKind(artifact);
    const view: ArtifactView = {
      key: artifact.label,
      label: kind,
      description:
        download !== undefined ? `${baseName(download.path)} · ${formatBytes(download.bytes)}` : remote,
      tooltip: [
        `**${kind}** (\`${artifact.label}\`${artifact.mimeType !== undefined ? `, ${artifact.mimeType}` : ''})`,
        '',
        download !== undefined
          ? `Saved to ${download.path} (${formatBytes(download.bytes)})`
          : 'Not downloaded yet',
        expiresAt !== undefined
          ? `URL ${expired ? 'expired' : 'expires'} ${formatLocalTime(expiresAt, now)}`
          : '',
      ]
        .filter((l, i) => l !== '' || i === 1)
        .join('\n'),
      icon: download !== undefined ? { id: 'file-media' } : { id: expired ? 'cloud' : 'cloud-download' },
      contextValue: tokens.join(' '),
      url: artifact.url,
    };
    if (download !== undefined) view.path = download.path;
    return view;
  });
}

/** True for a video result (what Extend, Retake, Make HDR and Reframe start from). */
export function isVideoArtifact(artifact: Artifact, path?: string): boolean {
  if (path !== undefined) return /\.(mp4|mov|mkv)$/i.test(path);
  return artifact.mimeType?.startsWith('video/') ?? /video/i.test(artifact.label);
}

/** The error child of a failed job: the provider's error type and message. */
export function errorView(
  record: JobRecord,
): { label: string; description: string; tooltip: string } | undefined {
  const error = record.job?.error;
  if (error === undefined) return undefined;
  return { label: error.type, description: error.message, tooltip: `${error.type}: ${error.message}` };
}
