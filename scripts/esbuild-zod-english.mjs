// An esbuild plugin for the bundles of the CLI and the extension: zod without what they never run.
//
// - Locales: zod's classic and core entry points re-export every locale (`export * as locales from
//   "../locales/index.js"`), some 350 KB; only English is used (zod itself imports `locales/en.js`).
//   That import gets a module holding English only, so `z.locales.en` still works.
// - With `slim: true` (the extension), zod's JSON Schema conversion (to and from) and its `z.compile`
//   JIT, about 60 KB that parsing never touches (zod's parse.js "never imports the compiler"; the JSON
//   Schema pieces run only inside `toJSONSchema()`), become stubs with the same exports that throw a
//   clear error if they are ever called. The request-file JSON Schema is generated at build time by
//   @ltx-jobs/core, not in the extension.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** zod modules (under zod/v4/) that a slim bundle replaces with stubs. */
const SLIMMED = [
  'core/compile.js',
  'core/json-schema-processors.js',
  'core/to-json-schema.js',
  'core/json-schema-generator.js',
  'classic/from-json-schema.js',
];

/** The names a module exports (`export const|function|class X`, `export { a as b }`). */
function exportNames(source) {
  const names = new Set();
  for (const m of source.matchAll(/^export (?:const|let|var|function\*?|class|async function) ([\w$]+)/gm))
    names.add(m[1]);
  for (const m of source.matchAll(/^export \{([^}]*)\}/gm)) {
    for (const part of m[1].split(',')) {
      const name = part
        .trim()
        .split(/\s+as\s+/)
        .pop();
      if (name) names.add(name);
    }
  }
  return [...names];
}

function stubOf(path) {
  const lines = [
    `const fail = (name) => () => { throw new Error('zod ' + name + ' is not in this bundle (scripts/esbuild-zod-english.mjs)'); };`,
  ];
  for (const name of exportNames(readFileSync(path, 'utf8'))) {
    if (name === 'INVALID') lines.push(`export const INVALID = Symbol.for('zod.compile.invalid');`);
    else if (/^create.*Method$/.test(name))
      lines.push(`export const ${name} = () => fail(${JSON.stringify(name)});`);
    else lines.push(`export const ${name} = fail(${JSON.stringify(name)});`);
  }
  return lines.join('\n');
}

/** @param {{ slim?: boolean }} [options] @returns {import('esbuild').Plugin} */
export function zodPlugin(options = {}) {
  return {
    name: 'zod-slim',
    setup(build) {
      build.onResolve({ filter: /\/locales\/index\.js$/ }, (args) => {
        if (!/[\\/]zod[\\/]/.test(args.importer)) return undefined;
        return { path: join(dirname(args.importer), '..', 'locales', 'index.js'), namespace: 'zod-english' };
      });
      build.onLoad({ filter: /.*/, namespace: 'zod-english' }, (args) => ({
        contents: `export { default as en } from ${JSON.stringify(join(dirname(args.path), 'en.js'))};`,
        resolveDir: dirname(args.path),
        loader: 'js',
      }));
      if (!options.slim) return;
      build.onLoad({ filter: /[\\/]zod[\\/]v4[\\/](core|classic)[\\/][\w-]+\.js$/ }, (args) => {
        const normalized = args.path.replace(/\\/g, '/');
        if (!SLIMMED.some((tail) => normalized.endsWith(`/zod/v4/${tail}`))) return undefined;
        return { contents: stubOf(args.path), loader: 'js' };
      });
    },
  };
}

/** The locale part only (the CLI: its bundle is split, so size matters less than correctness). */
export const zodEnglishOnly = zodPlugin();
