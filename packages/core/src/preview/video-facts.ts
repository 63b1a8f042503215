import { type Mp4Info, readMp4Info } from '../media/mp4.js';

/**
 * What the editor needs to know about a video's sound: `aac` (an `mp4a` track, which VS Code's
 * player cannot decode: it plays silently), `playable` (another audio codec: MP3, FLAC, Opus...), or
 * `none` (no audio track).
 */
export type VideoSound = 'aac' | 'playable' | 'none';

/** Length, picture size and sound of a video file, read from its boxes. */
export interface VideoFacts {
  durationSeconds: number;
  width?: number;
  height?: number;
  sound: VideoSound;
}

/**
 * The sound of an MP4 from its track list. `mp4a` is the sample entry of AAC (MPEG-4 audio); MP3
 * stored in MP4 shares that fourcc, and is treated as AAC too: a sound copy is then made where none
 * was needed, which is harmless.
 */
export function soundOf(info: Pick<Mp4Info, 'tracks'>): VideoSound {
  const audio = info.tracks.filter((t) => t.kind === 'audio');
  if (audio.length === 0) return 'none';
  return audio.some((t) => t.codec === 'mp4a') ? 'aac' : 'playable';
}

/**
 * Reads {@link VideoFacts} of an MP4/MOV at `path` (box headers and `moov` only, via `readMp4Info`).
 * @throws MediaReadError naming the file when it is not a readable MP4/MOV.
 */
export async function readVideoFacts(path: string): Promise<VideoFacts> {
  const info = await readMp4Info(path);
  const video = info.tracks.find((t) => t.kind === 'video' && t.width !== undefined);
  const facts: VideoFacts = { durationSeconds: info.durationSeconds, sound: soundOf(info) };
  if (video?.width !== undefined && video.height !== undefined) {
    facts.width = video.width;
    facts.height = video.height;
  }
  return facts;
}
