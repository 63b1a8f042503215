export * from './download.js';
export * from './file-name.js';
