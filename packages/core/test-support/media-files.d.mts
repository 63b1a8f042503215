// Types of media-files.mjs for packages that do not type-check JavaScript (CLI, simulator, extension tests).
export interface Mp4Track {
  handler: 'vide' | 'soun' | 'text';
  codec: string;
  width?: number;
  height?: number;
  fps?: number;
}
export interface Mp4Options {
  durationSeconds: number;
  tracks?: Mp4Track[];
  moovAtEnd?: boolean;
  version?: 0 | 1;
  brand?: string;
  mdatBytes?: number;
}
export function box(type: string, ...payload: Uint8Array[]): Uint8Array;
export function makeMp4(options: Mp4Options): Uint8Array;
export function makeWav(options: {
  durationSeconds: number;
  sampleRate?: number;
  channels?: number;
}): Uint8Array;
export function makeMp3(options: { frames: number; xing?: boolean; id3?: boolean }): Uint8Array;
export function makeAdts(options: { frames: number; frameBytes?: number }): Uint8Array;
