import { formatUsd, type SpendGroup, summarizeSpend, UsageError } from '@ltx-jobs/core';
import { parseArgs, SpendArgsSchema } from '../args.js';
import { loadConfig } from '../config.js';
import { EXIT } from '../exit-codes.js';
import { formatTable } from '../output/format.js';
import { readLedger } from '../services.js';
import type { CommandContext } from './context.js';

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/**
 * `--since`: a span back from now (`30m`, `24h`, `7d`, `2w`) or a date/time (`2026-11-01`, local
 * midnight for a bare date). Returns epoch ms.
 */
export function parseSince(value: string, now: number): number {
  const span = /^(\d+(?:\.\d+)?)\s*([mhdw])$/i.exec(value.trim());
  if (span) return now - Number(span[1]) * (UNITS[span[2]?.toLowerCase() ?? 'd'] ?? 0);
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00` : value;
  const at = Date.parse(date);
  if (Number.isNaN(at))
    throw new UsageError(
      `--since: expected a span like 7d, 24h, 2w or a date like 2026-11-01, got "${value}"`,
    );
  return at;
}

/**
 * `ltx-jobs spend [--since 7d] [--json]`: sums the estimates the ledger kept with each job, by day,
 * model and endpoint. Reads the ledger only (no key, no request).
 */
export async function runSpend(raw: Record<string, unknown>, context: CommandContext): Promise<number> {
  const args = parseArgs(SpendArgsSchema, raw);
  const config = loadConfig(context.env);
  const since = args.since === undefined ? undefined : parseSince(args.since, Date.now());
  const { records } = await readLedger(config.home);
  const summary = summarizeSpend(records, since);
  if (args.json) {
    context.io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return EXIT.ok;
  }
  const out = (text: string) => context.io.stdout.write(`${text}\n`);
  const { total } = summary;
  out(
    `Estimated spend${summary.since ? ` since ${summary.since}` : ''}: ${formatUsd(total.usd)} over ${total.jobs} job${total.jobs === 1 ? '' : 's'}${total.unestimated ? ` (${total.unestimated} without an estimate)` : ''}`,
  );
  for (const [title, groups] of [
    ['day', summary.byDay],
    ['model', summary.byModel],
    ['endpoint', summary.byEndpoint],
  ] as const) {
    if (groups.length === 0) continue;
    out('');
    out(formatTable([[`by ${title}`, 'usd', 'jobs', 'no estimate'], ...groups.map(row)]));
  }
  context.io.stderr.write('Estimates from the price table, not bills: LTX reports no charge.\n');
  return EXIT.ok;
}

function row(group: SpendGroup): string[] {
  return [group.key, formatUsd(group.usd), String(group.jobs), String(group.unestimated)];
}
