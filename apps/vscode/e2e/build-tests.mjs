#!/usr/bin/env node
// Type-checks test/exthost/** and bundles it with esbuild into out/test/index.js (CJS, `vscode`
// external): the module whose run() the extension host loads through extensionTestsPath.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { EXT_DIR, timed } from './env.mjs';

/** The bundle the extension host loads. */
export const TESTS_BUNDLE = join(EXT_DIR, 'out', 'test', 'index.js');

/** Type-checks (unless `typecheck: false`) and bundles the extension-host suite; returns the bundle path. */
export async function buildTests({ typecheck = true } = {}) {
  if (typecheck) {
    await timed('tsc test/exthost', async () => {
      const tsc = createRequire(join(EXT_DIR, 'package.json')).resolve('typescript/bin/tsc');
      const r = spawnSync(process.execPath, [tsc, '-p', join(EXT_DIR, 'test', 'exthost', 'tsconfig.json')], {
        stdio: 'inherit',
      });
      if (r.status !== 0) throw new Error('test/exthost does not type-check');
    });
  }
  await timed('esbuild test/exthost -> out/test/index.js', () =>
    build({
      entryPoints: [join(EXT_DIR, 'test', 'exthost', 'index.ts')],
      outfile: TESTS_BUNDLE,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['vscode'],
      sourcemap: 'inline',
      logLevel: 'warning',
    }),
  );
  return TESTS_BUNDLE;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  buildTests({ typecheck: !process.argv.includes('--no-typecheck') }).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
