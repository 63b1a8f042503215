import { INTERRUPTED_TEXT, localTimeFormatter, type SubmitIntentView, type SummaryRow } from '@ltx-jobs/core';
import { formatState } from '../output/format.js';
import { tableBytes } from '../output/table.js';

/** How `list` and `status` name a submit that has no job id: `intent:<id>`. */
export const INTENT_PREFIX = 'intent:';

/** The state column of an intent: "submit interrupted — may have been billed", or "submitting". */
export function intentStateText(intent: SubmitIntentView): string {
  return intent.state === 'interrupted' ? INTERRUPTED_TEXT : 'submitting (no id yet)';
}

/** What `list` says of a ledger with no job in it. */
export function noJobsText(location: string): string {
  return `No jobs yet (ledger: ${location}). Submit one with: ltx-jobs submit <file.ltx.json>\n`;
}

/** The state column of a job's summary row: `running 40%`, `failed (content_filtered_error)`. */
function rowStateText(row: SummaryRow): string {
  const [, , , , state, progress, errorType] = row;
  if (state === null) return 'not read yet';
  // Most rows are a plain state: no object made for them (`list` formats 10,000 rows).
  if (progress === null && errorType === null) return state;
  return formatState({
    state: state as Parameters<typeof formatState>[0]['state'],
    ...(progress === null ? {} : { progress }),
    ...(errorType === null ? {} : { error: { type: errorType, message: '' } }),
  });
}

/**
 * The table `ltx-jobs list` prints, as bytes with a final newline: submits without a job id first
 * (as given), then one line per job's summary row (newest first, as given). Submitted times are local
 * (`today 20:10`, as the extension shows them) against `now`.
 */
export function listTable(
  intents: readonly SubmitIntentView[],
  rows: readonly SummaryRow[],
  now: number,
): Buffer {
  const localDate = submittedTimes(now);
  const size = intents.length + rows.length + 1;
  const columns = [['STATE'], ['NAME'], ['SUBMITTED'], ['FILES'], ['REF']].map((header) => {
    const column = new Array<string>(size);
    column[0] = header[0] as string;
    return column;
  }) as [string[], string[], string[], string[], string[]];
  const [state, name, submitted, files, ref] = columns;
  let r = 1;
  for (const i of intents) {
    state[r] = intentStateText(i);
    name[r] = i.name ?? '';
    submitted[r] = localDate(i.postedAt ?? i.claimedAt);
    files[r] = '-';
    ref[r] = `${INTENT_PREFIX}${i.id}`;
    r++;
  }
  const counts = new Map<number, string>();
  for (const row of rows) {
    state[r] = rowStateText(row);
    name[r] = row[3] ?? '';
    submitted[r] = localDate(row[1]);
    const key = row[7] * 65_536 + row[8];
    let count = counts.get(key);
    if (count === undefined) {
      count = `${row[7]}/${row[8]}`;
      counts.set(key, count);
    }
    files[r] = count;
    ref[r] = row[0];
    r++;
  }
  return tableBytes(columns);
}

/**
 * Local times of ISO-8601 stamps against `now`. Times are shown to the minute, so one minute's
 * stamps share one text (a batch submitted at once is worked out once).
 */
function submittedTimes(now: number): (iso: string) => string {
  const local = localTimeFormatter(now);
  const byMinute = new Map<number, string>();
  return (iso) => {
    const ms = Date.parse(iso);
    if (Number.isNaN(ms)) return iso;
    const minute = Math.floor(ms / 60_000);
    let text = byMinute.get(minute);
    if (text === undefined) {
      text = local(ms);
      byMinute.set(minute, text);
    }
    return text;
  };
}
