// Bundles the CLI (with core, zod, commander, cli-progress) into dist/: the launcher dist/cli.js, the
// entry dist/esm/cli.js plus chunks that load only when a command needs them (each command, the MCP server and its SDK are
// imported lazily by program.ts, and core is free of side effects, so `ltx-jobs list` loads the ledger
// and nothing of the API clients). Whitespace and syntax are minified; names are kept so a stack trace
// (LTX_JOBS_DEBUG=1) still reads.
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { zodEnglishOnly } from '../../scripts/esbuild-zod-english.mjs';

const root = dirname(fileURLToPath(import.meta.url));
const outdir = join(root, 'dist');

rmSync(outdir, { recursive: true, force: true });
const common = {
  logLevel: 'warning',
  bundle: true,
  platform: 'node',
  target: 'node20',
  // Prefer ESM entry points: jsonc-parser's `main` is a UMD build whose dynamic requires do not bundle.
  mainFields: ['module', 'main'],
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: true,
  plugins: [zodEnglishOnly],
};
// The CLI proper: dist/esm/cli.js and the chunks each command loads when it runs.
await build({
  ...common,
  entryPoints: { cli: join(root, 'src', 'cli.ts') },
  outdir: join(outdir, 'esm'),
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  format: 'esm',
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
});
// What `ltx-jobs` runs: dist/cli.js, one CommonJS file that answers a bare `list` itself and hands
// everything else to the entry above (src/launcher.ts). Node starts one CommonJS file faster than an
// ES-module graph: issue 8's `list` row.
await build({
  ...common,
  entryPoints: { cli: join(root, 'src', 'launcher.ts') },
  outdir,
  format: 'cjs',
  banner: { js: '#!/usr/bin/env node' },
});
// dist/ is CommonJS (the launcher), dist/esm/ is ES modules: each folder says so for Node.
writeFileSync(join(outdir, 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
writeFileSync(join(outdir, 'esm', 'package.json'), `${JSON.stringify({ type: 'module' }, null, 2)}\n`);
chmodSync(join(outdir, 'cli.js'), 0o755);
