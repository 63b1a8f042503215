export * from './find-ffmpeg.js';
export * from './limiter.js';
export * from './preview-maker.js';
export * from './prune-cache.js';
export * from './run-ffmpeg.js';
export * from './video-facts.js';
