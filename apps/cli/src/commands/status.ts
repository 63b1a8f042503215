import {
  artifactKind,
  formatAge,
  formatBytes,
  formatLocalTime,
  isTerminal,
  type JobRecord,
  promptOf,
  requestSettings,
  UsageError,
} from '@ltx-jobs/core';
import { homeFromEnv, ledgerPath } from '../env.js';
import { formatTable, recordStateText } from '../output/format.js';
import { summaryFromRecord } from '../output/summary.js';
import type { CommandContext } from './context.js';
import { INTENT_PREFIX, readLedger, runIntentStatus, viewArgs } from './ledger-views.js';
import { pickedLine, pickJob } from './pick-job.js';

/**
 * `ltx-jobs status <job>` (a ref, `latest`, a name, an id prefix, or `intent:<id>`): one job's state.
 * A job that is not terminal is read from its provider first (one request; `--no-refresh` or a missing
 * key shows the ledger's last known state). Finding the job reads the ledger's summaries only.
 */
export async function runStatus(raw: Record<string, unknown>, context: CommandContext): Promise<number> {
  const { json, ref: text } = viewArgs(raw);
  const refresh = raw.refresh !== false;
  if (!text) throw new UsageError('<job>: expected a job ref, latest, a job name or an id prefix');
  if (text.startsWith(INTENT_PREFIX)) return runIntentStatus(text, json, context);
  const location = ledgerPath(homeFromEnv(context.env));
  const { value } = await readLedger(context, (ledger) => {
    const picked = pickJob(text, ledger.summaries(), location);
    return { picked, record: ledger.get(picked.ref) };
  });
  const { picked } = value;
  const line = pickedLine(picked);
  if (line !== undefined) context.io.stderr.write(`${line}\n`);
  let record = value.record;
  if (!record) {
    throw new UsageError(
      `${picked.ref} is not in the ledger (${location}); track it with: ltx-jobs watch ${picked.ref}`,
    );
  }
  if (refresh && !isTerminal(record.job?.state ?? 'queued')) record = await fresh(record, context);
  if (json) {
    context.io.stdout.write(`${JSON.stringify(summaryFromRecord(record), null, 2)}\n`);
    return 0;
  }
  context.io.stdout.write(`${formatTable(statusRows(record, Date.now()))}\n`);
  return 0;
}

/** The record after one read of its provider, or as the ledger has it when it cannot be read. */
async function fresh(record: JobRecord, context: CommandContext): Promise<JobRecord> {
  // The key, the clients and zod load only now: a job that has ended needs none of them.
  const { hasKey, KEY_VARIABLE, loadConfig } = await import('../config.js');
  const { refreshRecords } = await import('./refresh-records.js');
  const config = loadConfig(context.env);
  const note = (line: string) => context.io.stderr.write(`${line}\n`);
  if (!hasKey(config, record.provider)) {
    note(
      `note: last known state from the ledger; set ${KEY_VARIABLE[record.provider]} to read the current one`,
    );
    return record;
  }
  const result = await refreshRecords(config, [record], note, context.interrupt.signal);
  for (const failure of result.failed) note(`warning: could not read ${failure.ref}: ${failure.message}`);
  return result.records.find((r) => r.ref === record.ref) ?? record;
}

/** `key: value` rows of `status`, blanks left out. Times are local, with their age. */
export function statusRows(record: JobRecord, now: number): string[][] {
  const when = (iso: string | undefined) => {
    const ms = iso === undefined ? Number.NaN : Date.parse(iso);
    return Number.isNaN(ms) ? '' : `${formatLocalTime(ms, now)} (${formatAge(ms, now)})`;
  };
  const prompt = promptOf(record.request);
  const settings = requestSettings(record.request)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const rows: [string, string][] = [
    ['job', record.ref],
    ['name', record.name ?? ''],
    ['state', recordStateText(record)],
    ['submitted', when(record.submittedAt)],
    ['ended', isTerminal(record.job?.state ?? 'queued') ? when(record.job?.completedAt) : ''],
    ['checked', when(record.job?.updatedAt)],
    ['prompt', prompt ?? ''],
    ['settings', settings],
    ['request file', record.requestFile ?? ''],
    ['output', record.outputDir ?? ''],
  ];
  if (record.job?.error) rows.push(['error', `${record.job.error.type}: ${record.job.error.message}`]);
  for (const artifact of record.job?.artifacts ?? []) {
    const done = record.downloads.find((d) => d.label === artifact.label);
    rows.push([
      artifactKind(artifact),
      done ? `${done.path} (${formatBytes(done.bytes)})` : 'not downloaded (ltx-jobs download)',
    ]);
  }
  return rows.filter(([, v]) => v !== '').map(([k, v]) => [`${k}:`, v]);
}
