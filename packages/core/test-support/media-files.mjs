/**
 * Small, structurally real media files made in memory, for tests of the duration readers, the cost
 * estimate and the CLI (`submit --dry-run` of a retake). Plain ESM with JSDoc types, no imports.
 * Each file carries only what a reader looks at; the "media" bytes are zeros.
 */

/**
 * @param {number} size
 * @returns {{ bytes: Uint8Array, view: DataView }}
 */
function alloc(size) {
  const bytes = new Uint8Array(size);
  return { bytes, view: new DataView(bytes.buffer) };
}

/**
 * @param {...Uint8Array} parts
 * @returns {Uint8Array}
 */
function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

/**
 * @param {string} text
 * @returns {Uint8Array}
 */
function ascii(text) {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

/**
 * An MP4 box: 32-bit size, type, payload.
 * @param {string} type
 * @param {...Uint8Array} payload
 * @returns {Uint8Array}
 */
export function box(type, ...payload) {
  const body = concat(...payload);
  const { bytes, view } = alloc(8);
  view.setUint32(0, 8 + body.byteLength);
  bytes.set(ascii(type), 4);
  return concat(bytes, body);
}

/**
 * `mvhd` / `mdhd` style timing payload, version 0 or 1.
 * @param {number} timescale
 * @param {number} duration
 * @param {0 | 1} version
 * @param {number} tail bytes after the duration
 */
function timed(timescale, duration, version, tail) {
  const head = version === 1 ? 28 : 16;
  const { bytes, view } = alloc(head + 4 + tail);
  view.setUint8(0, version);
  if (version === 1) {
    view.setUint32(20, timescale);
    view.setBigUint64(24, BigInt(duration));
  } else {
    view.setUint32(12, timescale);
    view.setUint32(16, duration);
  }
  return bytes;
}

/**
 * @typedef {object} Mp4Track
 * @property {'vide' | 'soun' | 'text'} handler
 * @property {string} codec sample-entry fourcc, e.g. `avc1`, `mp4a`
 * @property {number} [width]
 * @property {number} [height]
 * @property {number} [fps] frames per second: an `stts` box counts the frames
 */

/**
 * @param {Mp4Track} track
 * @param {number} seconds
 */
function trak(track, seconds) {
  const tkhd = alloc(84);
  tkhd.view.setUint32(76, (track.width ?? 0) * 65536);
  tkhd.view.setUint32(80, (track.height ?? 0) * 65536);
  const hdlr = alloc(25);
  hdlr.bytes.set(ascii(track.handler), 8);
  const stsdHead = alloc(8);
  stsdHead.view.setUint32(4, 1);
  const entry = box(track.codec, new Uint8Array(70));
  const stts = alloc(16);
  stts.view.setUint32(4, 1);
  stts.view.setUint32(8, Math.round(seconds * (track.fps ?? 0)));
  stts.view.setUint32(12, 1);
  const stbl = box(
    'stbl',
    box('stsd', stsdHead.bytes, entry),
    ...(track.fps ? [box('stts', stts.bytes)] : []),
  );
  const mdia = box(
    'mdia',
    box('mdhd', timed(1000, Math.round(seconds * 1000), 0, 4)),
    box('hdlr', hdlr.bytes),
    box('minf', stbl),
  );
  return box('trak', box('tkhd', tkhd.bytes), mdia);
}

/**
 * @typedef {object} Mp4Options
 * @property {number} durationSeconds
 * @property {Mp4Track[]} [tracks] default: H.264 1920x1080 video and AAC audio
 * @property {boolean} [moovAtEnd] `mdat` before `moov` (a file not made "faststart")
 * @property {0 | 1} [version] `mvhd` version (1 = 64-bit times)
 * @property {string} [brand] `ftyp` major brand (default `isom`; `qt  ` for MOV)
 * @property {number} [mdatBytes] size of the zero-filled media data (default 1024)
 */

/**
 * An MP4/MOV file whose `mvhd` says `durationSeconds` (timescale 600), with the given tracks.
 * @param {Mp4Options} options
 * @returns {Uint8Array}
 */
export function makeMp4(options) {
  const tracks = options.tracks ?? [
    { handler: 'vide', codec: 'avc1', width: 1920, height: 1080 },
    { handler: 'soun', codec: 'mp4a' },
  ];
  const ftypBody = concat(ascii((options.brand ?? 'isom').padEnd(4)), new Uint8Array(4), ascii('isommp42'));
  const mvhd = box('mvhd', timed(600, Math.round(options.durationSeconds * 600), options.version ?? 0, 80));
  const moov = box('moov', mvhd, ...tracks.map((t) => trak(t, options.durationSeconds)));
  const mdat = box('mdat', new Uint8Array(options.mdatBytes ?? 1024));
  const ftyp = box('ftyp', ftypBody);
  return options.moovAtEnd ? concat(ftyp, mdat, moov) : concat(ftyp, moov, mdat);
}

/**
 * A PCM WAV file of `durationSeconds` (16-bit, `sampleRate` Hz, `channels`), with a `LIST` chunk
 * before `data` as many encoders write.
 * @param {{ durationSeconds: number, sampleRate?: number, channels?: number }} options
 * @returns {Uint8Array}
 */
export function makeWav({ durationSeconds, sampleRate = 8000, channels = 1 }) {
  const byteRate = sampleRate * channels * 2;
  const dataBytes = Math.round(durationSeconds * byteRate);
  const fmt = alloc(24);
  fmt.bytes.set(ascii('fmt '), 0);
  fmt.view.setUint32(4, 16, true);
  fmt.view.setUint16(8, 1, true);
  fmt.view.setUint16(10, channels, true);
  fmt.view.setUint32(12, sampleRate, true);
  fmt.view.setUint32(16, byteRate, true);
  fmt.view.setUint16(20, channels * 2, true);
  fmt.view.setUint16(22, 16, true);
  const list = alloc(8 + 5);
  list.bytes.set(ascii('LIST'), 0);
  list.view.setUint32(4, 5, true);
  const data = alloc(8 + dataBytes);
  data.bytes.set(ascii('data'), 0);
  data.view.setUint32(4, dataBytes, true);
  const riff = alloc(12);
  riff.bytes.set(ascii('RIFF'), 0);
  riff.bytes.set(ascii('WAVE'), 8);
  // LIST has an odd size: one pad byte follows it.
  const body = concat(fmt.bytes, list.bytes, new Uint8Array(1), data.bytes);
  riff.view.setUint32(4, 4 + body.byteLength, true);
  return concat(riff.bytes, body);
}

/**
 * An MPEG-1 Layer III stream at 128 kbit/s, 44.1 kHz, stereo: `frames` frames of 417 bytes (1152
 * samples each), after an ID3v2 tag when `id3` is set. With `xing`, the first frame is an Info header
 * that counts the others (as LAME writes).
 * @param {{ frames: number, xing?: boolean, id3?: boolean }} options
 * @returns {Uint8Array}
 */
export function makeMp3({ frames, xing = false, id3 = false }) {
  const frame = () => {
    const f = alloc(417);
    f.bytes.set([0xff, 0xfb, 0x90, 0x00], 0);
    return f;
  };
  const parts = [];
  if (id3) {
    const tag = alloc(10 + 100);
    tag.bytes.set(ascii('ID3'), 0);
    tag.bytes.set([3, 0, 0, 0, 0, 0, 100], 3);
    parts.push(tag.bytes);
  }
  if (xing) {
    const info = frame();
    info.bytes.set(ascii('Info'), 36);
    info.view.setUint32(40, 1);
    info.view.setUint32(44, frames);
    parts.push(info.bytes);
  }
  for (let i = 0; i < frames; i++) parts.push(frame().bytes);
  return concat(...parts);
}

/**
 * A raw AAC (ADTS) stream: `frames` frames of 1024 samples at 44.1 kHz, `frameBytes` each.
 * @param {{ frames: number, frameBytes?: number }} options
 * @returns {Uint8Array}
 */
export function makeAdts({ frames, frameBytes = 200 }) {
  const parts = [];
  for (let i = 0; i < frames; i++) {
    const f = new Uint8Array(frameBytes);
    f.set([
      0xff,
      0xf1,
      (1 << 6) | (4 << 2),
      (2 << 6) | ((frameBytes >> 11) & 3),
      (frameBytes >> 3) & 0xff,
      ((frameBytes & 7) << 5) | 0x1f,
      0xfc,
    ]);
    parts.push(f);
  }
  return concat(...parts);
}
