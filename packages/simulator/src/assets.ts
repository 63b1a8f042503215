import { readFileSync } from 'node:fs';

/** The media files shipped in `assets/` and served as job outputs. */
export const ASSET_FILES = {
  /** 640x360, 3 s, H.264 + AAC, faststart MP4. */
  'landscape-mp4': { file: 'landscape.mp4', fileName: 'video.mp4', mimeType: 'video/mp4' },
  /** 360x640, 3 s, H.264 + AAC, faststart MP4. */
  'portrait-mp4': { file: 'portrait.mp4', fileName: 'video.mp4', mimeType: 'video/mp4' },
  /** 320x180 PNG test card. */
  'image-png': { file: 'image.png', fileName: 'image.png', mimeType: 'image/png' },
  /** ZIP of four 96x54 half-float OpenEXR frames, `frame_0001.exr` ... (LTX HDR output). */
  'hdr-zip': { file: 'hdr-frames.zip', fileName: 'frames.zip', mimeType: 'application/zip' },
} as const;

/** Name of one shipped asset. */
export type AssetKey = keyof typeof ASSET_FILES;

const cache = new Map<AssetKey, Buffer>();

/** The bytes of a shipped asset, read once from `../assets/` next to this module. */
export function loadAsset(key: AssetKey): Buffer {
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const bytes = readFileSync(new URL(`../assets/${ASSET_FILES[key].file}`, import.meta.url));
  cache.set(key, bytes);
  return bytes;
}

function isPortrait(resolution: unknown): boolean {
  if (typeof resolution !== 'string') return false;
  const match = /^(\d+)x(\d+)$/.exec(resolution);
  return match !== null && Number(match[2]) > Number(match[1]);
}

/** The output an LTX job of `endpoint` gets: HDR a ZIP of EXR frames, portrait sizes the portrait MP4. */
export function assetForLtx(endpoint: string, body: Record<string, unknown>): AssetKey {
  if (endpoint === 'video-to-video-hdr') return 'hdr-zip';
  return isPortrait(body.resolution) ? 'portrait-mp4' : 'landscape-mp4';
}

/** The output a useapi job of `endpoint` gets: images a PNG, `9:16` videos the portrait MP4. */
export function assetForUseapi(endpoint: string, body: Record<string, unknown>): AssetKey {
  if (endpoint.startsWith('images/')) return 'image-png';
  return body.aspectRatio === '9:16' ? 'portrait-mp4' : 'landscape-mp4';
}

/** The result key LTX uses for an endpoint's output. */
export function ltxResultKey(endpoint: string): 'video_url' | 'exr_frames_url' {
  return endpoint === 'video-to-video-hdr' ? 'exr_frames_url' : 'video_url';
}
