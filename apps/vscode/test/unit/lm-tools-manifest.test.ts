import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AGENT_TOOLS, languageModelToolContributions } from '@ltx-jobs/core';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

describe('contributes.languageModelTools', () => {
  it('is generated from core agent tools (run scripts/sync-lm-tools.mjs after changing one)', () => {
    expect(pkg.contributes.languageModelTools).toEqual(languageModelToolContributions());
  });

  it('declares every tool the extension registers, under names VS Code accepts', () => {
    const names = pkg.contributes.languageModelTools.map((t: { name: string }) => t.name);
    expect(names).toEqual(AGENT_TOOLS.map((t) => t.name));
    for (const tool of pkg.contributes.languageModelTools) {
      expect(tool.name).toMatch(/^(?!copilot_|vscode_)[\w-]+$/);
      expect(tool.toolReferenceName).toMatch(/^[\w-]+$/);
      expect(tool.displayName && tool.modelDescription).toBeTruthy();
      expect(tool.inputSchema.type).toBe('object');
    }
    // Activation registers each contributed name; the loaded features implement one tool per AGENT_TOOLS entry.
    const standIns = readFileSync(join(root, 'src/activation/deferred-features.ts'), 'utf8');
    expect(standIns).toContain('manifest.contributes?.languageModelTools');
    const source = readFileSync(join(root, 'src/lm-tools/register.ts'), 'utf8');
    expect(source).toContain('AGENT_TOOLS.map((tool)');
  });
});
