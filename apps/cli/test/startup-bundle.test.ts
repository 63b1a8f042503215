import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI } from './harness.js';

/** The files `node cli.js` loads before any command runs, plus those of `start`'s static imports. */
function staticClosure(...starts: string[]): Set<string> {
  const loaded = new Set<string>();
  const visit = (file: string) => {
    if (loaded.has(file)) return;
    loaded.add(file);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:import|export)\s*(?:[^'"()]*?from\s*)?["'](\.\.?\/[^"']+)["']/g))
      visit(join(dirname(file), match[1] as string));
  };
  for (const start of starts) visit(start);
  return loaded;
}

const bytesOf = (files: Set<string>) => [...files].reduce((sum, file) => sum + statSync(file).size, 0);

// Issue 8: `ltx-jobs list` within twice `node -e 0` needs a start that parses little. A dynamic
// import of core's index anywhere (`await import('@ltx-jobs/core')`) once made every core module and
// zod a static dependency of cli.js (630 KB parsed by every command); this keeps that from coming back.
describe('the CLI bundle at start', () => {
  it('loads a small entry (no zod, no core beyond what error handling needs) and a small `list`', () => {
    const entry = staticClosure(CLI);
    expect(bytesOf(entry)).toBeLessThan(60_000);
    for (const file of entry) expect(readFileSync(file, 'utf8')).not.toMatch(/\$ZodType|ZodObject/);
    const chunks = join(dirname(CLI), 'chunks');
    const list = readdirSync(chunks).find((n) => n.startsWith('ledger-views-') && n.endsWith('.js'));
    expect(list).toBeDefined();
    const listed = staticClosure(CLI, join(chunks, list as string));
    expect(bytesOf(listed)).toBeLessThan(150_000);
  });
});
