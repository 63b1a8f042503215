import type { JobRecord } from '@ltx-jobs/core';
import {
  explainEstimate,
  formatAge,
  formatDuration,
  formatLocalTime,
  isTerminal,
  promptOf,
  requestSettings,
  USEAPI_DEPRECATION_NOTICE,
} from '@ltx-jobs/core';
import { baseName, escapeMarkdown, parseTime } from './format.js';
import { displayName, elapsedMs, expiryText, stateLabel, stateOf } from './job-state.js';

/** `today 20:10 (5m ago)`, or '' for a missing time. Local time of the extension host. */
export function whenText(iso: string | undefined, now: number): string {
  const ms = parseTime(iso);
  return ms === undefined ? '' : `${formatLocalTime(ms, now)} (${formatAge(ms, now)})`;
}

/**
 * The job's tooltip (Markdown): name and state, the whole prompt, the settings, provider and ref,
 * local times, the error, and why polling stopped (`watchError`).
 */
export function jobTooltip(record: JobRecord, now: number, watchError: string | undefined): string {
  const state = stateOf(record);
  const job = record.job;
  const lines = [`**${escapeMarkdown(displayName(record))}** — ${stateLabel(record)}`, ''];
  const prompt = promptOf(record.request);
  if (prompt !== undefined) lines.push(...prompt.split('\n').map((l) => `> ${escapeMarkdown(l)}`), '');
  const settings = requestSettings(record.request);
  if (settings.length > 0) {
    lines.push(settings.map(([k, v]) => `${escapeMarkdown(k)} **${escapeMarkdown(v)}**`).join(' · '), '');
  }
  lines.push(`- ${record.provider === 'ltx' ? 'LTX' : 'useapi.net'} · ${record.endpoint}`);
  lines.push(`- Job: \`${record.ref}\``);
  lines.push(`- Submitted: ${whenText(record.submittedAt, now)}`);
  if (isTerminal(state) && job?.completedAt !== undefined)
    lines.push(`- Ended: ${whenText(job.completedAt, now)}`);
  const elapsed = elapsedMs(record, now);
  if (elapsed !== undefined)
    lines.push(`- ${isTerminal(state) ? 'Took' : 'Running for'}: ${formatDuration(elapsed)}`);
  if (job?.message !== undefined && job.error === undefined)
    lines.push(`- Status: ${escapeMarkdown(job.message)}`);
  if (job?.error !== undefined)
    lines.push(`- Error: \`${job.error.type}\` ${escapeMarkdown(job.error.message)}`);
  const expiry = expiryText(record, now);
  if (expiry !== undefined) lines.push(`- Result URLs: ${expiry}`);
  if (record.requestFile !== undefined)
    lines.push(`- Request file: ${escapeMarkdown(baseName(record.requestFile))}`);
  if (record.estimate !== undefined)
    lines.push(`- Estimated cost: ${escapeMarkdown(explainEstimate(record.estimate))}`);
  if (watchError !== undefined)
    lines.push('', `Not polled: ${escapeMarkdown(watchError)} (run Refresh to retry)`);
  if (record.provider === 'useapi') lines.push('', `⚠ ${USEAPI_DEPRECATION_NOTICE}`);
  return lines.join('\n');
}
