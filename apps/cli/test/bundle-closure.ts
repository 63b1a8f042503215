import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CLI } from './harness.js';

/** The CLI's ES-module entry (dist/esm/cli.js), which the launcher dist/cli.js hands every command but a bare `list` to. */
export const ESM_ENTRY = join(dirname(CLI), 'esm', 'cli.js');

/** Where the entry's chunks are. */
export const CHUNKS = join(dirname(ESM_ENTRY), 'chunks');

/** The chunk whose name starts with `prefix` (e.g. `ledger-views-`). */
export function chunkNamed(prefix: string): string {
  const name = readdirSync(CHUNKS).find((n) => n.startsWith(prefix) && n.endsWith('.js'));
  if (name === undefined) throw new Error(`no chunk ${prefix}* in ${CHUNKS}`);
  return join(CHUNKS, name);
}

/** The files the `starts` load, following their static relative imports. */
export function staticClosure(...starts: string[]): Set<string> {
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
