export * from './byte-source.js';
export * from './http-source.js';
export * from './media-info.js';
export * from './mp4.js';
export * from './mpeg-audio.js';
export * from './wav.js';
