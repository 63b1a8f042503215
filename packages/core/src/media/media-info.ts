import { type ByteSource, fourcc, MediaReadError, openFileSource, withSource } from './byte-source.js';
import { readMp4InfoFrom } from './mp4.js';
import { id3v2Length, readMpegAudioInfo, sniffMpegAudio } from './mpeg-audio.js';
import { readWavInfo } from './wav.js';

/** Duration (and, for video, picture size) of one media file, read from the file itself. */
export interface MediaInfo {
  format: 'mp4' | 'wav' | 'mp3' | 'aac';
  durationSeconds: number;
  /** Size of the first video track (MP4/MOV). */
  width?: number;
  height?: number;
  /** Frames per second of the first video track (its sample count over its length), when known. */
  frameRate?: number;
  /** True when the duration was extrapolated rather than read (see {@link AudioStreamInfo}). */
  approximate?: boolean;
}

const MP4_FIRST_BOXES = new Set(['ftyp', 'moov', 'mdat', 'free', 'skip', 'wide', 'pnot', 'uuid', 'styp']);

/**
 * Reads the duration of MP4/MOV/M4A, WAV, MP3 or ADTS AAC media from its bytes (the format is sniffed,
 * not taken from the name). Throws {@link MediaReadError} naming `label` when the format is not one of
 * these or the file is broken.
 */
export async function readMediaInfoFrom(source: ByteSource, label: string): Promise<MediaInfo> {
  const head = await source.read(0, 16);
  const riff = fourcc(head, 0);
  if ((riff === 'RIFF' || riff === 'RF64') && fourcc(head, 8) === 'WAVE') {
    const wav = await readWavInfo(source, label);
    return { format: 'wav', durationSeconds: wav.durationSeconds };
  }
  if (MP4_FIRST_BOXES.has(fourcc(head, 4))) {
    const mp4 = await readMp4InfoFrom(source, label);
    const video = mp4.tracks.find((t) => t.kind === 'video' && t.width);
    const info: MediaInfo = { format: 'mp4', durationSeconds: mp4.durationSeconds };
    if (video?.width && video.height) Object.assign(info, { width: video.width, height: video.height });
    if (video?.frames && video.durationSeconds) info.frameRate = video.frames / video.durationSeconds;
    return info;
  }
  if (id3v2Length(head) > 0 || sniffMpegAudio(head, 0)) {
    const audio = await readMpegAudioInfo(source, label);
    const info: MediaInfo = { format: audio.format, durationSeconds: audio.durationSeconds };
    if (audio.approximate) info.approximate = true;
    return info;
  }
  throw new MediaReadError(`${label}: not an MP4/MOV, WAV, MP3 or AAC file; its duration cannot be read`);
}

/** {@link readMediaInfoFrom} over a local file. */
export async function readMediaInfo(path: string): Promise<MediaInfo> {
  return withSource(await openFileSource(path), (source) => readMediaInfoFrom(source, path));
}
