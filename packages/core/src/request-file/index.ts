export * from './guard.js';
export * from './issues.js';
export * from './json-schema.js';
export { editorHintsOnly } from './json-schema-editor.js';
export { lineColumnAt } from './locate.js';
export * from './parse.js';
export * from './schema.js';
export * from './types.js';
