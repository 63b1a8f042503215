import { readListingRows } from '@ltx-jobs/core';
import { homeFromEnv, ledgerPath } from '../env.js';
import type { CommandContext } from './context.js';
import { listTable, noJobsText } from './list-table.js';

/**
 * `ltx-jobs list` the quick way: the table from the ledger snapshot's summary rows, with no record
 * parsed and no ledger opened. Undefined when the quick way does not apply (see readListingRows);
 * then the caller opens the ledger. The CLI's entry runs this from a bundle of its own
 * (dist/list-quick.cjs) so a bare `list` loads nothing else.
 */
export async function quickList(context: Pick<CommandContext, 'env' | 'io'>): Promise<number | undefined> {
  const location = ledgerPath(homeFromEnv(context.env));
  const rows = await readListingRows(location);
  if (rows === undefined) return undefined;
  if (rows.length === 0) {
    context.io.stderr.write(noJobsText(location));
    return 0;
  }
  context.io.stdout.write(listTable([], rows, Date.now()));
  return 0;
}
