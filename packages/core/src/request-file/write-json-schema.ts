// Build step (see package.json "build"): writes the request-file JSON Schemas. The first argument is
// the full (validating) schema, for any editor or tool; beside it, `*.editor.schema.json` is the
// hints-only variant the VS Code extension associates with `*.ltx.json` (its own diagnostics validate).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { requestFileJsonSchema } from './json-schema.js';

const target = process.argv[2] ?? 'schemas/ltx-request.schema.json';
const editorTarget = target.replace(/\.schema\.json$/, '.editor.schema.json');
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, `${JSON.stringify(requestFileJsonSchema(), null, 2)}\n`);
writeFileSync(editorTarget, `${JSON.stringify(requestFileJsonSchema({ mode: 'editor-hints' }), null, 2)}\n`);
