export * from './byte-size.js';
export * from './download.js';
export * from './file-name.js';
export * from './provenance.js';
