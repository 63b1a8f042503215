import { readdir } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * The files that sit beside a ledger (`jobs.jsonl`). Only `node:fs` and `node:path`: the quick
 * listing (listing.ts) reads these without loading `fs/promises` (readline, watchers, streams).
 */

/** The names in `folder`, or none when it cannot be read. */
function namesIn(folder: string): Promise<string[]> {
  return new Promise((resolve) => readdir(folder, (error, names) => resolve(error ? [] : names)));
}

/**
 * Names of the hard links a compaction keeps to the file it replaces until the lines appended to that
 * file meanwhile are copied over: `<log>.prev-<hex>`. One left behind means a compaction died in that
 * window; every load folds it in (by rev), and the next compaction removes it.
 */
export async function prevLinks(path: string): Promise<string[]> {
  const prefix = `${basename(path)}.prev-`;
  const names = await namesIn(dirname(path));
  return names.filter((n) => n.startsWith(prefix)).map((n) => join(dirname(path), n));
}

/** The folder of a ledger's intents: `jobs.jsonl` -> `jobs.intents/` beside it. */
export function intentFolderOf(ledgerPath: string): string {
  return join(dirname(ledgerPath), `${basename(ledgerPath).replace(/\.jsonl$/i, '')}.intents`);
}

/** Whether the ledger at `ledgerPath` has submit intents on disk (submits that got no job id yet). */
export async function hasIntentFiles(ledgerPath: string): Promise<boolean> {
  return (await namesIn(intentFolderOf(ledgerPath))).some((n) => n.endsWith('.json'));
}
