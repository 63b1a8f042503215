// Placeholder replaced by the request-file module: writes the JSON Schema for *.ltx.json files.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const target = process.argv[2] ?? 'schemas/ltx-request.schema.json';
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, `${JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#' }, null, 2)}\n`);
