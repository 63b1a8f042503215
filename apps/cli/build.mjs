// Bundles the CLI (with core, zod, commander, cli-progress) into dist/: the entry dist/cli.js plus
// chunks that load only when a command needs them (each command, the MCP server and its SDK are
// imported lazily by program.ts, and core is free of side effects, so `ltx-jobs list` loads the ledger
// and nothing of the API clients). Whitespace and syntax are minified; names are kept so a stack trace
// (LTX_JOBS_DEBUG=1) still reads.
import { chmodSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { zodEnglishOnly } from '../../scripts/esbuild-zod-english.mjs';

const root = dirname(fileURLToPath(import.meta.url));
const outdir = join(root, 'dist');

rmSync(outdir, { recursive: true, force: true });
await build({
  logLevel: 'warning',
  entryPoints: { cli: join(root, 'src', 'cli.ts') },
  outdir,
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // Prefer ESM entry points: jsonc-parser's `main` is a UMD build whose dynamic requires do not bundle.
  mainFields: ['module', 'main'],
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: true,
  plugins: [zodEnglishOnly],
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
});
chmodSync(join(outdir, 'cli.js'), 0o755);
