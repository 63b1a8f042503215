import {
  type ByteSource,
  fourcc,
  MediaReadError,
  openFileSource,
  viewOf,
  withSource,
} from './byte-source.js';

/** One track of an MP4/MOV file. */
export interface Mp4Track {
  /** From the track's handler: `vide` -> video, `soun` -> audio, anything else (text, timecode) -> other. */
  kind: 'video' | 'audio' | 'other';
  /** Sample-entry fourcc of the track's first sample description, e.g. `avc1`, `hvc1`, `mp4a`, `Opus`. */
  codec: string;
  /** Track length in seconds from its `mdhd`, when it has one. */
  durationSeconds?: number;
  /** Samples in the track (`stts`): frames of a video track. */
  frames?: number;
  /** Display size in pixels from `tkhd` (video tracks). */
  width?: number;
  height?: number;
}

/** What {@link readMp4Info} reads from an MP4/MOV file without loading its media data. */
export interface Mp4Info {
  /** Major brand of `ftyp` (`isom`, `mp42`, `qt  `), or `undefined` for an old MOV without one. */
  brand: string | undefined;
  /** Movie length in seconds (`mvhd`, else `mehd` of a fragmented file, else the longest track). */
  durationSeconds: number;
  tracks: Mp4Track[];
}

/** Largest `moov` box read into memory (real ones are kilobytes to a few MB). */
const MAX_MOOV_BYTES = 64 * 1024 * 1024;
/** Top-level boxes walked before giving up (a fragmented file has two per fragment). */
const MAX_TOP_LEVEL_BOXES = 100_000;
const CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl', 'mvex', 'edts']);
const TOP_LEVEL = /^[\x20-\x7e]{4}$/;

/**
 * Reads an MP4 or MOV file's duration and its tracks with their codec fourcc, e.g.
 * `{ durationSeconds: 5, tracks: [{ kind: 'video', codec: 'avc1' }, { kind: 'audio', codec: 'mp4a' }] }`.
 * Reads box headers and the `moov` box only. Throws {@link MediaReadError} naming the file and the problem.
 */
export async function readMp4Info(path: string): Promise<Mp4Info> {
  return withSource(await openFileSource(path), (source) => readMp4InfoFrom(source, path));
}

/** {@link readMp4Info} over any {@link ByteSource}; `label` names the media in errors. */
export async function readMp4InfoFrom(source: ByteSource, label: string): Promise<Mp4Info> {
  const fail = (problem: string) => new MediaReadError(`${label}: ${problem}`);
  let at = 0;
  let brand: string | undefined;
  for (let index = 0; index < MAX_TOP_LEVEL_BOXES; index++) {
    const header = await source.read(at, 16);
    if (header.byteLength === 0) break;
    if (header.byteLength < 8) throw fail(`${header.byteLength} stray bytes at offset ${at}`);
    const view = viewOf(header);
    const type = fourcc(header, 4);
    if (!TOP_LEVEL.test(type)) throw fail(`not an MP4/MOV file (no box at offset ${at})`);
    let size = view.getUint32(0);
    let headerSize = 8;
    if (size === 1) {
      if (header.byteLength < 16) throw fail(`box "${type}" at offset ${at} is cut short`);
      size = Number(view.getBigUint64(8));
      headerSize = 16;
    } else if (size === 0) {
      if (source.size === undefined) throw fail(`box "${type}" runs to an unknown end of file`);
      size = source.size - at;
    }
    if (size < headerSize) throw fail(`box "${type}" at offset ${at} claims ${size} bytes`);
    if (index === 0 && type === 'ftyp') brand = fourcc(header, 8);
    if (type === 'moov') {
      const length = size - headerSize;
      if (length > MAX_MOOV_BYTES) throw fail(`moov box of ${length} bytes is larger than ${MAX_MOOV_BYTES}`);
      const moov = await source.read(at + headerSize, length);
      if (moov.byteLength < length) throw fail('the file ends inside its moov box (cut short?)');
      return { brand, ...parseMoov(moov, fail) };
    }
    at += size;
  }
  throw fail('no moov box (not an MP4/MOV file, or cut short before its index)');
}

interface Box {
  type: string;
  start: number;
  end: number;
}

function childBoxes(view: DataView, from: number, to: number, fail: (p: string) => Error): Box[] {
  const boxes: Box[] = [];
  let at = from;
  while (at + 8 <= to) {
    let size = view.getUint32(at);
    const type = String.fromCharCode(
      view.getUint8(at + 4),
      view.getUint8(at + 5),
      view.getUint8(at + 6),
      view.getUint8(at + 7),
    );
    let headerSize = 8;
    if (size === 1 && at + 16 <= to) {
      size = Number(view.getBigUint64(at + 8));
      headerSize = 16;
    } else if (size === 0) size = to - at;
    if (size < headerSize || at + size > to) throw fail(`box "${type}" inside moov overruns its parent`);
    boxes.push({ type, start: at + headerSize, end: at + size });
    at += size;
  }
  return boxes;
}

/** (duration, timescale) of an `mvhd` or `mdhd` payload; `undefined` when the duration is unset. */
function timing(view: DataView, start: number): number | undefined {
  const version = view.getUint8(start);
  const timescale = view.getUint32(start + (version === 1 ? 20 : 12));
  const duration = version === 1 ? Number(view.getBigUint64(start + 24)) : view.getUint32(start + 16);
  const unset = version === 1 ? duration >= Number.MAX_SAFE_INTEGER : duration === 0xffffffff;
  return timescale > 0 && duration > 0 && !unset ? duration / timescale : undefined;
}

function parseMoov(moov: Uint8Array, fail: (p: string) => Error): Omit<Mp4Info, 'brand'> {
  const view = viewOf(moov);
  let movie: number | undefined;
  let movieTimescale = 0;
  let fragments: number | undefined;
  const tracks: Mp4Track[] = [];
  const visit = (box: Box, track: Partial<Mp4Track> & { handler?: string }) => {
    if (box.end - box.start < 4 && !CONTAINERS.has(box.type)) return;
    const version = view.getUint8(box.start);
    if (box.type === 'mvhd') {
      movie = timing(view, box.start);
      movieTimescale = view.getUint32(box.start + (version === 1 ? 20 : 12));
    } else if (box.type === 'mehd' && movieTimescale > 0) {
      const value = version === 1 ? Number(view.getBigUint64(box.start + 4)) : view.getUint32(box.start + 4);
      fragments = value > 0 ? value / movieTimescale : undefined;
    } else if (box.type === 'tkhd') {
      const sizeAt = box.start + (version === 1 ? 88 : 76);
      if (sizeAt + 8 <= box.end) {
        track.width = Math.round(view.getUint32(sizeAt) / 65536);
        track.height = Math.round(view.getUint32(sizeAt + 4) / 65536);
      }
    } else if (box.type === 'mdhd') {
      const seconds = timing(view, box.start);
      if (seconds !== undefined) track.durationSeconds = seconds;
    } else if (box.type === 'hdlr' && box.start + 12 <= box.end) {
      track.handler = fourcc(moov, box.start + 8);
    } else if (box.type === 'stsd' && box.start + 16 <= box.end) {
      track.codec = fourcc(moov, box.start + 12);
    } else if (box.type === 'stts' && box.start + 8 <= box.end) {
      const entries = Math.min(view.getUint32(box.start + 4), (box.end - box.start - 8) / 8);
      let frames = 0;
      for (let i = 0; i < entries; i++) frames += view.getUint32(box.start + 8 + i * 8);
      track.frames = frames;
    } else if (box.type === 'trak') {
      const inner: Partial<Mp4Track> & { handler?: string } = {};
      for (const child of childBoxes(view, box.start, box.end, fail)) visit(child, inner);
      tracks.push(toTrack(inner));
    } else if (CONTAINERS.has(box.type)) {
      for (const child of childBoxes(view, box.start, box.end, fail)) visit(child, track);
    }
  };
  for (const box of childBoxes(view, 0, moov.byteLength, fail)) visit(box, {});
  const longestTrack = Math.max(0, ...tracks.map((t) => t.durationSeconds ?? 0));
  const durationSeconds = movie ?? fragments ?? (longestTrack > 0 ? longestTrack : undefined);
  if (durationSeconds === undefined) throw fail('its moov box gives no duration');
  return { durationSeconds, tracks };
}

function toTrack(found: Partial<Mp4Track> & { handler?: string }): Mp4Track {
  const kind = found.handler === 'vide' ? 'video' : found.handler === 'soun' ? 'audio' : 'other';
  const track: Mp4Track = { kind, codec: found.codec ?? 'unknown' };
  if (found.durationSeconds !== undefined) track.durationSeconds = found.durationSeconds;
  if (found.frames) track.frames = found.frames;
  if (kind === 'video' && found.width && found.height) {
    track.width = found.width;
    track.height = found.height;
  }
  return track;
}
