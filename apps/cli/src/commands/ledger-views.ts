import {
  createFileLedgerStore,
  createLedger,
  type Ledger,
  rowOf,
  type SubmitIntentView,
  silentLogger,
  UsageError,
} from '@ltx-jobs/core';
import { homeFromEnv, ledgerPath } from '../env.js';
import { formatTable } from '../output/format.js';
import { type JobSummary, summaryFromRecord } from '../output/summary.js';
import type { CommandContext } from './context.js';
import { quickList } from './list-quick.js';
import { INTENT_PREFIX, intentStateText, listTable, noJobsText } from './list-table.js';

export { INTENT_PREFIX } from './list-table.js';

/**
 * The options of `list` and `status`: commander hands over `json` as true or absent and `ref` as a
 * string (the schemas of args.ts would bring zod, which these quick commands do not otherwise load).
 */
export function viewArgs(raw: Record<string, unknown>): { json: boolean; ref: string } {
  return { json: raw.json === true, ref: typeof raw.ref === 'string' ? raw.ref : '' };
}

/**
 * Opens the ledger in the home folder read-only (no key, no request, no compaction), takes what `read`
 * needs from it and closes it again. Returns that and where the ledger is.
 */
export async function readLedger<T>(
  context: CommandContext,
  read: (ledger: Ledger) => T,
): Promise<{ value: T; location: string }> {
  const store = createFileLedgerStore(ledgerPath(homeFromEnv(context.env)));
  const ledger = await createLedger(store, { logger: silentLogger });
  try {
    return { value: read(ledger), location: store.path };
  } finally {
    ledger.close();
  }
}

/** An intent in `--json` output: state `submit-interrupted` or `submitting`, ref `intent:<id>`. */
function intentSummary(intent: SubmitIntentView): JobSummary & Record<string, unknown> {
  return {
    ref: `${INTENT_PREFIX}${intent.id}`,
    state: intent.state === 'interrupted' ? 'submit-interrupted' : 'submitting',
    ...(intent.name === undefined ? {} : { name: intent.name }),
    ...(intent.requestFile === undefined ? {} : { file: intent.requestFile }),
    ...(intent.outputDir === undefined ? {} : { outputDir: intent.outputDir }),
    submittedAt: intent.postedAt ?? intent.claimedAt,
    artifacts: [],
    provider: intent.provider,
    endpoint: intent.endpoint,
    inputHash: intent.inputHash,
    ...(intent.reason === undefined ? {} : { reason: intent.reason }),
    recoverable: intent.recoverable,
  };
}

/**
 * `ltx-jobs list`: every submit without a job id yet (interrupted ones first: they may have been
 * billed), then every job in the ledger, newest first. The table is made from the snapshot's
 * summaries, so no record is parsed; `--json` prints whole summaries. Reads the ledger only, unless
 * `--refresh`: then every job that has not ended is read from its provider first (one request each).
 */
export async function runList(raw: Record<string, unknown>, context: CommandContext): Promise<number> {
  const args = viewArgs(raw);
  if (raw.refresh === true) await (await import('./refresh-list.js')).refreshLedger(context);
  // The table comes from the snapshot's summaries when the ledger allows it (no record parsed, no
  // index built); otherwise, and for --json, from the opened ledger (the same rows).
  if (!args.json) {
    const quick = await quickList(context);
    if (quick !== undefined) return quick;
  }
  const { value, location } = await readLedger(context, (ledger) => ({
    intents: [...ledger.intents()].sort((a, b) =>
      a.state === b.state ? 0 : a.state === 'interrupted' ? -1 : 1,
    ),
    records: args.json ? ledger.list() : [],
    summaries: args.json ? [] : ledger.summaries(),
  }));
  const { intents, records, summaries } = value;
  const { stdout, stderr } = context.io;
  if (args.json) {
    const all = [...intents.map(intentSummary), ...records.map(summaryFromRecord)];
    stdout.write(`${JSON.stringify(all, null, 2)}\n`);
    return 0;
  }
  if (summaries.length === 0 && intents.length === 0) {
    stderr.write(noJobsText(location));
    return 0;
  }
  stdout.write(
    listTable(
      intents,
      summaries.map((s) => rowOf(s, 0)),
      Date.now(),
    ),
  );
  if (intents.some((i) => i.state === 'interrupted')) {
    stderr.write(
      `note: an interrupted submit may have created a billed job the ledger has no id for; see: ltx-jobs status intent:<id>\n`,
    );
  }
  return 0;
}

/** `ltx-jobs status intent:<id>`: what is known of a submit that got no job id. */
export function intentStatus(intent: SubmitIntentView, json: boolean, context: CommandContext): number {
  if (json) {
    context.io.stdout.write(`${JSON.stringify(intentSummary(intent), null, 2)}\n`);
    return 0;
  }
  const advice =
    intent.state === 'submitting'
      ? `process ${intent.owner.pid} on ${intent.owner.host} is submitting it now`
      : intent.provider === 'ltx'
        ? "LTX's API cannot list jobs, so it cannot be recovered: look for it in your LTX account, then: ltx-jobs watch ltx:<endpoint>/<id>"
        : 'submitting the same file again looks for the job at useapi by its replyRef first';
  const lines: [string, string][] = [
    ['ref', `${INTENT_PREFIX}${intent.id}`],
    ['name', intent.name ?? ''],
    ['state', intentStateText(intent)],
    ['provider', `${intent.provider}:${intent.endpoint}`],
    ['claimed', intent.claimedAt],
    ['sent', intent.postedAt ?? ''],
    [
      'why',
      intent.reason ??
        (intent.state === 'interrupted' ? 'the process ended before the answer was recorded' : ''),
    ],
    ['request file', intent.requestFile ?? ''],
    ['replyRef', intent.marker ?? ''],
    ['next', advice],
  ];
  const shown = lines.filter(([, v]) => v !== '').map(([k, v]) => [`${k}:`, v]);
  context.io.stdout.write(`${formatTable(shown)}\n`);
  return 0;
}

/** `ltx-jobs status intent:<id>`: a submit that has no job id, from the ledger. */
export async function runIntentStatus(ref: string, json: boolean, context: CommandContext): Promise<number> {
  const id = ref.slice(INTENT_PREFIX.length);
  const { value: intent, location } = await readLedger(context, (ledger) =>
    ledger.intents().find((i) => i.id === id),
  );
  if (!intent)
    throw new UsageError(
      `${ref} is not in the ledger (${location}): it was recorded, recovered or dismissed`,
    );
  return intentStatus(intent, json, context);
}
