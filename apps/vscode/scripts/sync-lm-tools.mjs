#!/usr/bin/env node
// Writes `contributes.languageModelTools` of package.json from @ltx-jobs/core's agent tool definitions
// (the same names, descriptions and zod input schemas as `ltx-jobs mcp`). Run after changing a tool:
//   pnpm --filter @ltx-jobs/core build && node apps/vscode/scripts/sync-lm-tools.mjs
// test/unit/lm-tools-manifest.test.ts fails while package.json and core disagree.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { languageModelToolContributions } from '@ltx-jobs/core';

const manifest = join(dirname(fileURLToPath(import.meta.url)), '..', 'package.json');
const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
pkg.contributes.languageModelTools = languageModelToolContributions();
writeFileSync(manifest, `${JSON.stringify(pkg, null, 2)}\n`);
console.log(`package.json: ${pkg.contributes.languageModelTools.length} language model tools`);
