import type { ProviderName } from '@ltx-jobs/core';
import { formatDuration } from '@ltx-jobs/core';
import { escapeMarkdown } from './format.js';
import type { IconView } from './job-state.js';

/** A submit that has no job id yet: preparing (validating, uploading media), waiting for a slot, sending. */
export interface PendingSubmit {
  /** Unique per submit in this window. */
  id: string;
  name: string;
  provider: ProviderName;
  endpoint: string;
  /** URI string of the request file, when it came from one. */
  requestFile?: string;
  phase: 'preparing' | 'waiting-for-slot' | 'sending';
  /** While waiting: the provider's generations in flight and its limit (e.g. 2 of 2). */
  running?: number;
  limit?: number;
  /** Epoch ms the submit started. */
  startedAt: number;
}

/** What the tree shows for a pending submit; built by {@link pendingView}. */
export interface PendingView {
  label: string;
  description: string;
  tooltip: string;
  icon: IconView;
  contextValue: string;
}

/**
 * A submit still waiting for its job id: `waiting for a slot (2/2 running)` while every one of the
 * provider's slots is taken (LTX runs 2 generations at once by default), else `preparing…`/`sending…`.
 */
export function pendingView(pending: PendingSubmit, now: number): PendingView {
  const waited = formatDuration(now - pending.startedAt);
  const who = pending.provider === 'ltx' ? 'LTX' : 'useapi.net';
  const phase =
    pending.phase === 'waiting-for-slot'
      ? `waiting for a slot (${pending.running ?? '?'}/${pending.limit ?? '?'} running)`
      : pending.phase === 'sending'
        ? 'sending…'
        : 'preparing…';
  const why =
    pending.phase === 'waiting-for-slot'
      ? `${who} runs ${pending.limit ?? 'a few'} jobs at once; this one is sent (and billed) when one of them ends.`
      : pending.phase === 'sending'
        ? `Sending it to ${who}; it gets its job id in a moment.`
        : 'Checking the request and uploading local media.';
  return {
    label: pending.name,
    description: `${phase} · ${waited}`,
    tooltip: [
      `**${escapeMarkdown(pending.name)}** — ${phase}`,
      '',
      why,
      '',
      `- ${who} · ${pending.endpoint}`,
    ].join('\n'),
    icon: pending.phase === 'waiting-for-slot' ? { id: 'clock' } : { id: 'loading~spin' },
    contextValue: `pending ${pending.phase}`,
  };
}
