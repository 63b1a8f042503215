import { type ByteSource, fourcc, MediaReadError, viewOf } from './byte-source.js';

/** What a WAV (RIFF or RF64) header tells. */
export interface WavInfo {
  durationSeconds: number;
  sampleRate: number;
  channels: number;
}

const MAX_CHUNKS = 1000;

/**
 * Reads a WAV file's duration from its `fmt ` and `data` chunks (data bytes / byte rate), walking
 * chunk headers only. RF64's `ds64` chunk gives the size of a file over 4 GiB.
 */
export async function readWavInfo(source: ByteSource, label: string): Promise<WavInfo> {
  const fail = (problem: string) => new MediaReadError(`${label}: ${problem}`);
  const head = await source.read(0, 12);
  const riff = fourcc(head, 0);
  if ((riff !== 'RIFF' && riff !== 'RF64') || fourcc(head, 8) !== 'WAVE') throw fail('not a WAV file');
  let at = 12;
  let byteRate = 0;
  let sampleRate = 0;
  let channels = 0;
  let bigDataSize: number | undefined;
  for (let i = 0; i < MAX_CHUNKS; i++) {
    const header = await source.read(at, 36);
    if (header.byteLength < 8) break;
    const view = viewOf(header);
    const id = fourcc(header, 0);
    const size = view.getUint32(4, true);
    if (id === 'ds64' && header.byteLength >= 24) bigDataSize = Number(view.getBigUint64(16, true));
    if (id === 'fmt ' && header.byteLength >= 24) {
      channels = view.getUint16(10, true);
      sampleRate = view.getUint32(12, true);
      byteRate = view.getUint32(16, true);
    }
    if (id === 'data') {
      if (byteRate === 0) throw fail('its data chunk comes before a usable fmt chunk');
      let dataBytes = size === 0xffffffff && bigDataSize !== undefined ? bigDataSize : size;
      // A header written before the recording ended may overstate the data: trust the file's end.
      if (source.size !== undefined) dataBytes = Math.min(dataBytes, source.size - at - 8);
      return { durationSeconds: dataBytes / byteRate, sampleRate, channels };
    }
    at += 8 + size + (size % 2);
  }
  throw fail('no data chunk');
}
