import { formatJobRef, parseJobRef, UsageError } from '@ltx-jobs/core';
import { ListArgsSchema, parseArgs, StatusArgsSchema } from '../args.js';
import { EnvSchema, resolveHome } from '../config.js';
import { formatBytes, formatTable, recordStateText } from '../output/format.js';
import { summaryFromRecord } from '../output/summary.js';
import { readLedger } from '../services.js';
import type { CommandContext } from './context.js';

/** `ltx-jobs list`: every job in the ledger, newest first. Reads the ledger only; needs no key. */
export async function runList(raw: Record<string, unknown>, context: CommandContext): Promise<number> {
  const args = parseArgs(ListArgsSchema, raw);
  const { records, location } = await readLedger(resolveHome(EnvSchema.parse(context.env)));
  const { stdout, stderr } = context.io;
  if (args.json) {
    stdout.write(`${JSON.stringify(records.map(summaryFromRecord), null, 2)}\n`);
    return 0;
  }
  if (records.length === 0) {
    stderr.write(`No jobs yet (ledger: ${location}). Submit one with: ltx-jobs submit <file.ltx.json>\n`);
    return 0;
  }
  const rows = records.map((r) => [
    recordStateText(r),
    r.name ?? '',
    r.submittedAt.replace(/\.\d+Z$/, 'Z'),
    `${r.downloads.length}/${r.job?.artifacts.length ?? 0}`,
    r.ref,
  ]);
  stdout.write(`${formatTable([['STATE', 'NAME', 'SUBMITTED', 'FILES', 'REF'], ...rows])}\n`);
  return 0;
}

/** `ltx-jobs status <job-ref>`: the ledger's record of one job. Reads the ledger only; needs no key. */
export async function runStatus(raw: Record<string, unknown>, context: CommandContext): Promise<number> {
  const args = parseArgs(StatusArgsSchema, raw);
  const ref = formatJobRef(parseJobRef(args.ref));
  const { records, location } = await readLedger(resolveHome(EnvSchema.parse(context.env)));
  const record = records.find((r) => r.ref === ref);
  if (!record) {
    throw new UsageError(`${ref} is not in the ledger (${location}); track it with: ltx-jobs watch ${ref}`);
  }
  const summary = summaryFromRecord(record);
  if (args.json) {
    context.io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return 0;
  }
  const lines: [string, string][] = [
    ['ref', record.ref],
    ['name', record.name ?? ''],
    ['state', recordStateText(record)],
    ['submitted', record.submittedAt],
    ['updated', record.job?.updatedAt ?? ''],
    ['request file', record.requestFile ?? ''],
    ['output', record.outputDir ?? ''],
  ];
  if (record.job?.error) lines.push(['error', `${record.job.error.type}: ${record.job.error.message}`]);
  for (const a of summary.artifacts) {
    lines.push([a.label, a.path ? `${a.path} (${formatBytes(a.bytes ?? 0)})` : 'not downloaded']);
  }
  const shown = lines.filter(([, v]) => v !== '').map(([k, v]) => [`${k}:`, v]);
  context.io.stdout.write(`${formatTable(shown)}\n`);
  return 0;
}
