import { type ByteSource, fourcc, MediaReadError, viewOf } from './byte-source.js';

/** What an MP3 or ADTS (raw AAC) stream's frame headers tell. */
export interface AudioStreamInfo {
  format: 'mp3' | 'aac';
  durationSeconds: number;
  sampleRate: number;
  /** True when the duration was extrapolated from the frames read (a remote file past the read budget, a CBR MP3 without a Xing/VBRI header). */
  approximate: boolean;
}

const MP3_BITRATES: Record<string, readonly number[]> = {
  '1-1': [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  '1-2': [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  '1-3': [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  '2-1': [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  '2-2': [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const MP3_RATES: Record<number, readonly number[]> = {
  3: [44100, 48000, 32000],
  2: [22050, 24000, 16000],
  0: [11025, 12000, 8000],
};
const ADTS_RATES = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];
/** How far past the ID3 tag to look for the first frame. */
const SYNC_SEARCH_BYTES = 64 * 1024;
/** ADTS has no length header: every frame is walked, in windows of this size, up to a budget. */
const ADTS_WINDOW = 256 * 1024;
const ADTS_MAX_BYTES = 256 * 1024 * 1024;

/** Bytes of the ID3v2 tag at the start of `head` (0 when there is none). */
export function id3v2Length(head: Uint8Array): number {
  if (fourcc(head, 0).slice(0, 3) !== 'ID3' || head.byteLength < 10) return 0;
  const size = ((head[6] ?? 0) << 21) | ((head[7] ?? 0) << 14) | ((head[8] ?? 0) << 7) | (head[9] ?? 0);
  const footer = ((head[5] ?? 0) & 0x10) !== 0 ? 10 : 0;
  return 10 + size + footer;
}

interface Mp3Frame {
  length: number;
  samples: number;
  sampleRate: number;
  bitrate: number;
  mpeg1: boolean;
  mono: boolean;
}

function mp3Frame(b: Uint8Array, at: number): Mp3Frame | undefined {
  const b1 = b[at + 1] ?? 0;
  const b2 = b[at + 2] ?? 0;
  if (b[at] !== 0xff || (b1 & 0xe0) !== 0xe0) return undefined;
  const version = (b1 >> 3) & 3; // 3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5
  const layer = 4 - ((b1 >> 1) & 3); // 1, 2, 3 (4 = reserved, 00 is ADTS)
  if (version === 1 || layer === 4) return undefined;
  const mpeg1 = version === 3;
  const bitrate = (MP3_BITRATES[mpeg1 ? `1-${layer}` : layer === 1 ? '2-1' : '2-2'] ?? [])[b2 >> 4];
  const sampleRate = MP3_RATES[version]?.[(b2 >> 2) & 3];
  if (!bitrate || !sampleRate) return undefined;
  const padding = (b2 >> 1) & 1;
  const samples = layer === 1 ? 384 : layer === 3 && !mpeg1 ? 576 : 1152;
  const length =
    layer === 1
      ? (Math.floor((12 * bitrate * 1000) / sampleRate) + padding) * 4
      : Math.floor(((samples / 8) * bitrate * 1000) / sampleRate) + padding;
  return { length, samples, sampleRate, bitrate, mpeg1, mono: (b[at + 3] ?? 0) >> 6 === 3 };
}

function isAdts(b: Uint8Array, at: number): boolean {
  return b[at] === 0xff && ((b[at + 1] ?? 0) & 0xf6) === 0xf0 && (((b[at + 2] ?? 0) >> 2) & 0xf) < 13;
}

/** Which MPEG audio stream starts at `at`, if any: a frame whose successor (when in `b`) also syncs. */
export function sniffMpegAudio(b: Uint8Array, at: number): 'mp3' | 'aac' | undefined {
  if (isAdts(b, at)) return 'aac';
  const frame = mp3Frame(b, at);
  if (!frame) return undefined;
  const next = at + frame.length;
  return next + 4 > b.byteLength || mp3Frame(b, next) ? 'mp3' : undefined;
}

/**
 * Reads an MP3's duration (frame count of a Xing/Info or VBRI header, else the audio bytes at the first
 * frame's bitrate) or an ADTS AAC stream's (every frame header walked). An ID3v2 tag is skipped.
 */
export async function readMpegAudioInfo(source: ByteSource, label: string): Promise<AudioStreamInfo> {
  const fail = (problem: string) => new MediaReadError(`${label}: ${problem}`);
  const tag = id3v2Length(await source.read(0, 10));
  const head = await source.read(tag, SYNC_SEARCH_BYTES);
  for (let at = 0; at + 4 <= head.byteLength; at++) {
    const kind = sniffMpegAudio(head, at);
    if (kind === 'aac') return readAdts(source, tag + at, fail);
    if (kind === 'mp3') return readMp3(source, head, at, tag + at, fail);
  }
  throw fail('no MP3 or AAC (ADTS) frame in its first 64 KiB');
}

function readMp3(
  source: ByteSource,
  head: Uint8Array,
  at: number,
  fileOffset: number,
  fail: (p: string) => Error,
): AudioStreamInfo {
  const frame = mp3Frame(head, at) as Mp3Frame;
  const sideInfo = frame.mpeg1 ? (frame.mono ? 17 : 32) : frame.mono ? 9 : 17;
  const xingAt = at + 4 + sideInfo;
  const view = viewOf(head);
  let frames: number | undefined;
  const xing = fourcc(head, xingAt);
  if ((xing === 'Xing' || xing === 'Info') && xingAt + 12 <= head.byteLength) {
    if (view.getUint32(xingAt + 4) & 1) frames = view.getUint32(xingAt + 8);
  } else if (fourcc(head, at + 36) === 'VBRI' && at + 54 <= head.byteLength) {
    frames = view.getUint32(at + 36 + 14);
  }
  const base = { format: 'mp3' as const, sampleRate: frame.sampleRate };
  if (frames !== undefined && frames > 0) {
    return { ...base, durationSeconds: (frames * frame.samples) / frame.sampleRate, approximate: false };
  }
  if (source.size === undefined) throw fail('a constant-bitrate MP3 of unknown length');
  const audioBytes = source.size - fileOffset;
  return { ...base, durationSeconds: (audioBytes * 8) / (frame.bitrate * 1000), approximate: true };
}

async function readAdts(
  source: ByteSource,
  start: number,
  fail: (p: string) => Error,
): Promise<AudioStreamInfo> {
  let at = start;
  let samples = 0;
  let sampleRate = 0;
  let walked = 0;
  while (walked < ADTS_MAX_BYTES) {
    const window = await source.read(at, ADTS_WINDOW);
    let i = 0;
    while (i + 7 <= window.byteLength) {
      if (!isAdts(window, i)) {
        if (samples === 0) throw fail('its first ADTS frame header is broken');
        return adtsResult(samples, sampleRate, false);
      }
      sampleRate = ADTS_RATES[((window[i + 2] ?? 0) >> 2) & 0xf] ?? 0;
      const length =
        (((window[i + 3] ?? 0) & 3) << 11) | ((window[i + 4] ?? 0) << 3) | ((window[i + 5] ?? 0) >> 5);
      if (length < 7) throw fail(`ADTS frame at offset ${at + i} claims ${length} bytes`);
      samples += (((window[i + 6] ?? 0) & 3) + 1) * 1024;
      i += length;
    }
    if (window.byteLength < ADTS_WINDOW) return adtsResult(samples, sampleRate, false);
    at += i;
    walked += i;
  }
  if (source.size === undefined || sampleRate === 0) throw fail('an AAC stream too long to walk');
  const bytesPerSample = walked / samples;
  return adtsResult((source.size - start) / bytesPerSample, sampleRate, true);
}

function adtsResult(samples: number, sampleRate: number, approximate: boolean): AudioStreamInfo {
  return { format: 'aac', durationSeconds: samples / sampleRate, sampleRate, approximate };
}
