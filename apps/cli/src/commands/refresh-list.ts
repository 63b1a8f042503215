import { KEY_VARIABLE, loadConfig } from '../config.js';
import { readLedger } from '../services.js';
import type { CommandContext } from './context.js';
import { refreshRecords } from './refresh-records.js';

/**
 * `list --refresh`: reads every job of the ledger that has not ended from its provider (one request
 * each, within the request budget) so the listing that follows shows current states. Says on stderr
 * what it read and what it could not (a provider without a key, a failed read).
 */
export async function refreshLedger(context: CommandContext): Promise<void> {
  const note = (line: string) => context.io.stderr.write(`${line}\n`);
  const config = loadConfig(context.env);
  const { records } = await readLedger(config.home);
  const result = await refreshRecords(config, records, note, context.interrupt.signal);
  for (const provider of result.skipped) {
    note(`note: ${provider} jobs show their last known state; set ${KEY_VARIABLE[provider]} to refresh them`);
  }
  for (const failure of result.failed) note(`warning: could not read ${failure.ref}: ${failure.message}`);
  if (result.read > 0)
    note(`Read ${result.read} unfinished job${result.read === 1 ? '' : 's'} from the provider`);
}
