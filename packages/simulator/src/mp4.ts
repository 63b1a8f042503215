/** What a box-level read of an MP4 found: enough to tell a playable file from a truncated or fake one. */
export interface Mp4Summary {
  /** Major brand of the `ftyp` box, e.g. `isom`. */
  brand: string;
  /** Length in seconds, from `mvhd` (duration / timescale). */
  durationSeconds: number;
  /** Sample-entry format of each track, in order, e.g. `['avc1', 'mp4a']`. */
  codecs: string[];
  /** Size in pixels of the first video track, from its `tkhd`. */
  width: number;
  height: number;
}

interface Box {
  type: string;
  /** Offset of the box's payload (after size and type) and of its end, in the file. */
  start: number;
  end: number;
}

const CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl']);

/** The boxes that tile `bytes[from, to)`, in order; throws when one runs past `to` or is malformed. */
function boxesIn(view: DataView, from: number, to: number): Box[] {
  const boxes: Box[] = [];
  let at = from;
  while (at < to) {
    if (to - at < 8) throw new Error(`MP4: ${to - at} stray bytes at offset ${at}`);
    let size = view.getUint32(at);
    const type = String.fromCharCode(...new Uint8Array(view.buffer, view.byteOffset + at + 4, 4));
    let header = 8;
    if (size === 1) {
      size = Number(view.getBigUint64(at + 8));
      header = 16;
    } else if (size === 0) size = to - at;
    if (size < header || at + size > to) {
      throw new Error(`MP4: box "${type}" at offset ${at} claims ${size} bytes; only ${to - at} remain`);
    }
    boxes.push({ type, start: at + header, end: at + size });
    at += size;
  }
  return boxes;
}

/**
 * Reads the box structure of an MP4 and checks what a player needs: `ftyp` first, `moov` (with
 * `mvhd`, tracks and their sample descriptions) and `mdat`, and boxes that tile the whole file, so a
 * download cut short or bytes that merely start with `ftyp` are refused. Throws an Error saying what
 * is wrong. Used by tests to prove that a downloaded video is real.
 */
export function inspectMp4(bytes: Uint8Array): Mp4Summary {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const top = boxesIn(view, 0, bytes.byteLength);
  if (top[0]?.type !== 'ftyp') throw new Error(`MP4: first box is "${top[0]?.type ?? 'none'}", not ftyp`);
  if (!top.some((b) => b.type === 'mdat')) throw new Error('MP4: no mdat box (no media data)');
  const moov = top.find((b) => b.type === 'moov');
  if (!moov) throw new Error('MP4: no moov box (no index of the media)');
  const summary: Mp4Summary = {
    brand: String.fromCharCode(...bytes.subarray(top[0].start, top[0].start + 4)),
    durationSeconds: 0,
    codecs: [],
    width: 0,
    height: 0,
  };
  const visit = (box: Box, track: { handler?: string; width?: number; height?: number }) => {
    const version = view.getUint8(box.start);
    if (box.type === 'mvhd') {
      const timescale = view.getUint32(box.start + (version === 1 ? 20 : 12));
      const duration =
        version === 1 ? Number(view.getBigUint64(box.start + 24)) : view.getUint32(box.start + 16);
      summary.durationSeconds = timescale > 0 ? duration / timescale : 0;
    } else if (box.type === 'tkhd') {
      const sizeAt = box.start + (version === 1 ? 88 : 76);
      track.width = view.getUint32(sizeAt) / 65536;
      track.height = view.getUint32(sizeAt + 4) / 65536;
    } else if (box.type === 'hdlr') {
      track.handler = String.fromCharCode(...bytes.subarray(box.start + 8, box.start + 12));
    } else if (box.type === 'stsd') {
      for (const entry of boxesIn(view, box.start + 8, box.end)) summary.codecs.push(entry.type);
    } else if (box.type === 'trak') {
      const inner: { handler?: string; width?: number; height?: number } = {};
      for (const child of boxesIn(view, box.start, box.end)) visit(child, inner);
      if (inner.handler === 'vide' && summary.width === 0) {
        summary.width = inner.width ?? 0;
        summary.height = inner.height ?? 0;
      }
    } else if (CONTAINERS.has(box.type)) {
      for (const child of boxesIn(view, box.start, box.end)) visit(child, track);
    }
  };
  visit(moov, {});
  if (!(summary.durationSeconds > 0)) throw new Error('MP4: mvhd gives no duration');
  if (summary.codecs.length === 0) throw new Error('MP4: no track has a sample description');
  if (summary.width === 0 || summary.height === 0) throw new Error('MP4: no video track with a size');
  return summary;
}
