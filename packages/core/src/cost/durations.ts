/**
 * Shortest and longest length (s) the server may pick for `duration: null` (auto, LTX-2.5 text-/image-
 * to-video): 2-20 s on the Fast models at 720p/1080p and 24/25 fps, else 2-10 s
 * (shared/docs/ltx-catalog-2026-11.md, "Resolutions, fps, durations").
 */
export function autoDurationBounds(
  model: string,
  resolution: string,
  fps: unknown,
): { low: number; high: number } {
  const short = Math.min(...resolution.split('x').map(Number));
  const longAllowed =
    model.endsWith('-fast') &&
    (short === 720 || short === 1080) &&
    (fps === undefined || fps === 24 || fps === 25);
  return { low: 2, high: longAllowed ? 20 : 10 };
}
