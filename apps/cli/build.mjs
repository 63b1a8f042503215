// Bundles the CLI (with core, zod, commander, cli-progress) into one executable ESM file: dist/cli.js.
// Code loaded with import() (the MCP server and its SDK) goes into dist/chunks/, so that every other
// command starts without parsing it.
import { chmodSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = dirname(fileURLToPath(import.meta.url));
const outfile = join(root, 'dist', 'cli.js');

await build({
  logLevel: 'warning',
  entryPoints: [join(root, 'src', 'cli.ts')],
  outdir: join(root, 'dist'),
  entryNames: '[name]',
  chunkNames: 'chunks/[name]-[hash]',
  splitting: true,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // Prefer ESM entry points: jsonc-parser's `main` is a UMD build whose dynamic requires do not bundle.
  mainFields: ['module', 'main'],
  sourcemap: true,
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
});
chmodSync(outfile, 0o755);
