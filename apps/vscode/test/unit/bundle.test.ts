import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import Module from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const bundle = join(root, 'dist/extension.js');
/** What the main bundle requires on first use (build.mjs). */
const features = join(root, 'dist/features.js');
/** What the main bundle requires right after activation: the core runner (build.mjs). */
const runner = join(root, 'dist/runner.js');
/** What the main bundle requires only when `ltxJobs.queue.url` is set: the team queue (build.mjs). */
const team = join(root, 'dist/team.js');

type Resolve = (request: string, ...rest: unknown[]) => string;
const moduleInternals = Module as unknown as { _resolveFilename: Resolve };

describe('the bundle', () => {
  beforeAll(() => {
    execFileSync(process.execPath, ['build.mjs'], { cwd: root, stdio: 'pipe' });
  }, 60_000);

  it('loads with only `vscode` external and exports activate and deactivate; its runner and features load apart', () => {
    const stubPath = join(root, 'test/unit/vscode-stub.cjs');
    const original = moduleInternals._resolveFilename;
    const requested: string[] = [];
    moduleInternals._resolveFilename = function (request: string, ...rest: unknown[]) {
      if (request === 'vscode') {
        requested.push(request);
        return stubPath;
      }
      return original.call(this, request, ...rest);
    };
    try {
      const require = Module.createRequire(import.meta.url);
      delete require.cache[bundle];
      const extension = require(bundle) as Record<string, unknown>;
      expect(typeof extension.activate).toBe('function');
      expect(typeof extension.deactivate).toBe('function');
      expect(requested).toContain('vscode');
      // What main loads on first use (import() of features.ts, provider-clients.ts, check-key.ts).
      delete require.cache[features];
      const loaded = require(features) as Record<string, unknown>;
      for (const name of ['registerFeatures', 'createLtxClient', 'createUseapiClient', 'checkKey']) {
        expect(typeof loaded[name], name).toBe('function');
      }
      delete require.cache[runner];
      const core = require(runner) as Record<string, unknown>;
      for (const name of ['createRunner', 'cliLedgerSource'])
        expect(typeof core[name], name).toBe('function');
      delete require.cache[team];
      const queue = require(team) as Record<string, unknown>;
      expect(typeof queue.openTeamReader).toBe('function');
    } finally {
      moduleInternals._resolveFilename = original;
    }
  });

  it('bundles core and zod instead of requiring them at run time', async () => {
    const { readFile } = await import('node:fs/promises');
    for (const file of [bundle, runner, features]) {
      const text = await readFile(file, 'utf8');
      expect(text).not.toMatch(/require\(["']@ltx-jobs\/core["']\)/);
      expect(text).not.toMatch(/require\(["']zod["']\)/);
      expect(text).toMatch(/require\(["']vscode["']\)/);
    }
    // The main bundle loads the rest with require('./runner.js') / require('./features.js'), never import().
    const main = await readFile(bundle, 'utf8');
    expect(main).toMatch(/require\(["']\.\/features\.js["']\)/);
    expect(main).toMatch(/require\(["']\.\/runner\.js["']\)/);
    expect(main).not.toMatch(/import\(["']\.\/(features|runner)\.js["']\)/);
  });

  it('keeps the team queue (BullMQ, ioredis) in dist/team.js, out of every bundle that loads without ltxJobs.queue.url', async () => {
    const { readFile } = await import('node:fs/promises');
    // Strings of BullMQ (its package name, a Lua script's name) and of ioredis.
    const queueCode = /bullmq|moveToFinished|ioredis/;
    for (const file of [bundle, runner, features])
      expect(await readFile(file, 'utf8')).not.toMatch(queueCode);
    expect(await readFile(team, 'utf8')).toMatch(queueCode);
    const main = await readFile(bundle, 'utf8');
    expect(main).toMatch(/require\(["']\.\/team\.js["']\)/);
  });

  it('ships the request-file JSON Schema that contributes.jsonValidation points at', async () => {
    const { readFile } = await import('node:fs/promises');
    const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
    const [validation] = pkg.contributes.jsonValidation;
    expect(validation.fileMatch).toBe('**/*.ltx.json');
    const schemaPath = join(root, validation.url);
    expect(existsSync(schemaPath)).toBe(true);
    const schema = JSON.parse(await readFile(schemaPath, 'utf8'));
    expect(JSON.stringify(schema)).toContain('text-to-video');
    // Hints only: the extension's diagnostics validate, VS Code must not add a second warning.
    expect(schema.required).toBeUndefined();
    expect(schema.additionalProperties).toBeUndefined();
  });

  // One file with the bundle tests: the listing needs the built bundle.
  describe('the .vsix contents', () => {
    it('are exactly the manifest, the four bundles, the schema, media and docs', () => {
      const vsce = join(root, 'node_modules/.bin/vsce');
      const out = execFileSync(vsce, ['ls', '--no-dependencies'], {
        cwd: root,
        encoding: 'utf8',
      });
      const files = out
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '')
        .sort();
      expect(files).toEqual(
        expect.arrayContaining([
          'package.json',
          'dist/extension.js',
          'dist/runner.js',
          'dist/features.js',
          'dist/team.js',
          'schemas/ltx-request.editor.schema.json',
          'media/ltx-jobs.svg',
          'README.md',
          'LICENSE',
        ]),
      );
      for (const file of files) {
        expect(file).toMatch(
          /^(package\.json|dist\/(extension|runner|features|team)\.js|schemas\/.+\.json|media\/.+|README\.md|CHANGELOG\.md|LICENSE)$/,
        );
      }
    }, 60_000);
  });
});
