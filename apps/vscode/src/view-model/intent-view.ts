import { formatAge, formatLocalTime, INTERRUPTED_TEXT, type SubmitIntentView } from '@ltx-jobs/core';
import { escapeMarkdown, PROVIDER_NAMES, parseTime } from './format.js';
import type { IconView } from './job-state.js';

/** What the tree shows for a submit that has no job id (see core's SubmitIntentView). */
export interface IntentView {
  label: string;
  description: string;
  tooltip: string;
  icon: IconView;
  /** `intent interrupted recoverable`, `intent submitting`. */
  contextValue: string;
}

/**
 * An interrupted submit reads "submit interrupted — may have been billed" with a warning icon, and its
 * tooltip says what to do: useapi.net can find the job again ("Find Job"); LTX cannot list jobs, so
 * the user checks the LTX account, tracks the job if it is there, and dismisses the row. A submit
 * another window or the CLI is making reads "submitting elsewhere".
 */
export function intentView(intent: SubmitIntentView, now: number): IntentView {
  const label = intent.name ?? intent.endpoint;
  const sentMs = parseTime(intent.postedAt ?? intent.claimedAt);
  const sent = sentMs === undefined ? '' : `${formatLocalTime(sentMs, now)} (${formatAge(sentMs, now)})`;
  const who = PROVIDER_NAMES[intent.provider];
  if (intent.state === 'submitting') {
    return {
      label,
      description: `submitting elsewhere · ${sentMs === undefined ? '' : formatAge(sentMs, now)}`,
      tooltip: `**${escapeMarkdown(label)}** is being submitted to ${who} by process ${intent.owner.pid} on ${escapeMarkdown(intent.owner.host)} (another window or the CLI).`,
      icon: { id: 'loading~spin' },
      contextValue: 'intent submitting',
    };
  }
  const next = intent.recoverable
    ? `${who} can find the job by the marker this submit carried: **Find Job** records it if it exists.`
    : `${who}'s API cannot list jobs. Look in your ${who} account for a job sent ${sent}; if it is there, **Track Existing Job** with its id. Then **Dismiss** this row.`;
  const lines = [
    `**${escapeMarkdown(label)}** — ${INTERRUPTED_TEXT}`,
    '',
    `The request went to ${who} ${sent}, but no usable answer came back${intent.reason === undefined ? '' : ` (${escapeMarkdown(intent.reason)})`}. The job may exist and be billed.`,
    '',
    next,
    '',
    'Submitting the same request again is refused until you dismiss this row (or confirm a second, billed job).',
  ];
  return {
    label,
    description: INTERRUPTED_TEXT,
    tooltip: lines.join('\n'),
    icon: { id: 'warning', color: 'list.warningForeground' },
    contextValue: `intent interrupted${intent.recoverable ? ' recoverable' : ''}`,
  };
}
