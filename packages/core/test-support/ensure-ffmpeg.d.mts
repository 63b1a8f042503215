/** Types of ensure-ffmpeg.mjs for TypeScript callers without allowJs (the extension's tests). */
export declare function ensureFfmpeg(): { ffmpeg: string; ffprobe: string };
