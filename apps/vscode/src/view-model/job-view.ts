import type { JobRecord } from '@ltx-jobs/core';
import { formatAge, formatDuration, isTerminal, promptOf, snippet } from '@ltx-jobs/core';
import { type TeamRowInfo, teamStateLabel, teamTooltipLines } from '../team/team-row.js';
import { isVideoArtifact } from './artifact-view.js';
import {
  displayName,
  elapsedMs,
  endedAtMs,
  expiresAtMs,
  expiryText,
  type IconView,
  iconOf,
  isActive,
  isPaused,
  pendingArtifacts,
  stateLabel,
  stateOf,
} from './job-state.js';
import { jobTooltip } from './job-tooltip.js';

export type { IconView } from './job-state.js';
export {
  displayName,
  expiresAtMs,
  isActive,
  modelOf,
  pendingArtifacts,
  stateLabel,
  stateOf,
} from './job-state.js';

/** Everything the tree shows for one job; built by {@link jobView}. */
export interface JobView {
  label: string;
  description: string;
  /** Markdown. */
  tooltip: string;
  icon: IconView;
  /** Space-separated tokens for `viewItem =~ /\btoken\b/` menus. */
  contextValue: string;
  /**
   * How often the node's text changes with the clock, in seconds: 1 while it runs (elapsed time),
   * 30 while an age or a countdown shows, undefined when it is static.
   */
  refreshSeconds: number | undefined;
}

/** What the window knows beyond the record. */
export interface JobViewContext {
  /** Why this window stopped polling a live job (e.g. no API key); the user can Refresh. */
  watchError?: string;
  /** The watch stopped because the provider has no key or rejected it: offer "Set API Key". */
  keyProblem?: boolean;
  /** Only the CLI's ledger has the job (started by `ltx-jobs` or `ltx-jobs mcp`); this window does not poll it. */
  fromCli?: boolean;
  /** A team-queue job (issue 14): a team worker follows and downloads it; this window only shows it. */
  team?: TeamRowInfo;
}

/** The tooltip's line for a job of the CLI's ledger. */
export const FROM_CLI_TEXT =
  "Started by the `ltx-jobs` CLI or an agent (`ltx-jobs mcp`): shown from the CLI's job list and not polled by this window. Resume Watching, Download or Remove take it over.";

/** Characters of the prompt shown in a row (the sidebar cuts the rest anyway). */
export const PROMPT_SNIPPET_CHARS = 48;

/** The error type of a job that LTX's safety filters refused. */
export const CONTENT_FILTERED = 'content_filtered_error';

/** Context tokens of a job node; menus match them with `viewItem =~ /\btoken\b/`. */
export function jobContextTokens(record: JobRecord, now: number, context: JobViewContext = {}): string[] {
  const state = stateOf(record);
  const tokens = ['job', state];
  if (isTerminal(state)) tokens.push('finished');
  if (context.team !== undefined) return [...tokens, ...teamTokens(record)];
  if (isActive(record)) tokens.push('watching');
  if (isPaused(record) || (context.watchError !== undefined && isActive(record))) tokens.push('paused');
  if (!isTerminal(state) && record.provider === 'useapi') tokens.push('cancellable');
  const artifacts = record.job?.artifacts ?? [];
  const at = expiresAtMs(record);
  const urlsLive = at === undefined || at > now;
  if (state === 'succeeded' && pendingArtifacts(record).length > 0 && urlsLive) tokens.push('downloadable');
  if (record.downloads.length > 0) tokens.push('downloaded');
  if (artifacts.length > 0) tokens.push('hasResult');
  if (record.requestFile !== undefined) tokens.push('hasRequestFile');
  if (record.request !== undefined && record.request !== null) tokens.push('resubmittable');
  if (state === 'succeeded' && artifacts.some((a) => isVideoArtifact(a))) tokens.push('hasVideo');
  if (record.job?.error?.type === CONTENT_FILTERED && record.requestFile !== undefined)
    tokens.push('filtered');
  if (context.keyProblem) tokens.push('needsKey');
  if (context.fromCli) tokens.push('fromCli');
  return tokens;
}

/** A team job's menus: what shows its files and facts; watching, downloading and cancelling are the worker's. */
function teamTokens(record: JobRecord): string[] {
  const tokens = ['team'];
  const artifacts = record.job?.artifacts ?? [];
  if (record.downloads.length > 0) tokens.push('downloaded');
  if (artifacts.length > 0) tokens.push('hasResult');
  if (stateOf(record) === 'succeeded' && artifacts.some((a) => isVideoArtifact(a))) tokens.push('hasVideo');
  return tokens;
}

/**
 * Maps a record (and the clock) to what the tree shows for it. The description is short enough for
 * a 300 px sidebar and says what matters first: the state, then the elapsed time (running) or the
 * age (ended), then "expires in" while something is not downloaded, then a snippet of the prompt
 * (the sidebar cuts it from the right). Endpoint, model and settings are in the tooltip.
 */
export function jobView(record: JobRecord, now: number, context: JobViewContext = {}): JobView {
  const state = stateOf(record);
  const stalled = context.watchError !== undefined && isActive(record);
  const parts: string[] = [];
  if (stalled) {
    parts.push(context.keyProblem ? 'needs an API key' : 'not polled');
  } else if (!isTerminal(state)) {
    const elapsed = elapsedMs(record, now);
    const label = context.team === undefined ? stateLabel(record) : teamStateLabel(record, context.team);
    parts.push(label + (elapsed === undefined ? '' : ` · ${formatDuration(elapsed)}`));
  } else {
    const ended = endedAtMs(record);
    parts.push(ended === undefined ? state : `${state} ${formatAge(ended, now)}`);
  }
  if (context.fromCli) parts.push('via CLI');
  if (context.team !== undefined) parts.push(`by ${context.team.by}`);
  const expiry = expiryText(record, now);
  if (expiry !== undefined) parts.push(expiry);
  const prompt = promptOf(record.request);
  if (prompt !== undefined) parts.push(snippet(prompt, PROMPT_SNIPPET_CHARS));

  return {
    label: displayName(record),
    description: parts.join(' · '),
    tooltip:
      jobTooltip(record, now, stalled ? context.watchError : undefined) +
      (context.fromCli ? `\n\n${FROM_CLI_TEXT}` : '') +
      (context.team === undefined ? '' : `\n${teamTooltipLines(context.team).join('\n')}`),
    icon: stalled ? { id: 'warning', color: 'list.warningForeground' } : iconOf(record),
    contextValue: jobContextTokens(record, now, context).join(' '),
    refreshSeconds: isActive(record) ? 1 : isTerminal(state) || expiry !== undefined ? 30 : undefined,
  };
}
