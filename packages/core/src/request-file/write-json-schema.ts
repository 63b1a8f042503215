// Build step (see package.json "build"): writes the request-file JSON Schema for editors.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { requestFileJsonSchema } from './json-schema.js';

const target = process.argv[2] ?? 'schemas/ltx-request.schema.json';
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, `${JSON.stringify(requestFileJsonSchema(), null, 2)}\n`);
