export * from './fill-media.js';
export * from './find-parent.js';
export * from './provenance-file.js';
export * from './take-actions.js';
export * from './take-link.js';
export * from './take-request.js';
export * from './take-tree.js';
