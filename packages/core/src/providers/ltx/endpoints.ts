/** Every asynchronous v2 endpoint of LTX's API: submit `POST /v2/{endpoint}`, poll `GET /v2/{endpoint}/{id}`. */
export const LTX_ENDPOINTS = [
  'text-to-video',
  'image-to-video',
  'audio-to-video',
  'retake',
  'extend',
  'video-to-video-hdr',
  'video-to-video-reframe',
] as const;
export type LtxEndpoint = (typeof LTX_ENDPOINTS)[number];

/** Narrowing guard for {@link LtxEndpoint}. */
export function isLtxEndpoint(value: string): value is LtxEndpoint {
  return (LTX_ENDPOINTS as readonly string[]).includes(value);
}
