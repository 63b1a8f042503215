import type { DownloadProgress } from '@ltx-jobs/core';

/** Overall percent of a multi-artifact download: the mean of each artifact's share (0–100). */
export function overallPercent(
  progress: ReadonlyMap<string, DownloadProgress>,
  artifactCount: number,
): number {
  if (artifactCount === 0) return 0;
  let sum = 0;
  for (const p of progress.values()) {
    if (p.totalBytes !== undefined && p.totalBytes > 0) sum += Math.min(1, p.receivedBytes / p.totalBytes);
  }
  return (100 * sum) / artifactCount;
}
