// The status bar item of the team queue (issue 14): pure, from the connection TeamJobs reports.
import { countOf, PROVIDER_NAMES } from '../view-model/format.js';
import type { TeamConnection } from './team-jobs.js';

/** What the team queue's status bar item shows. */
export interface TeamStatusView {
  visible: boolean;
  text: string;
  tooltip: string;
  /** `error`: errorBackground; `warning`: warningBackground (no worker alive). */
  tone: 'normal' | 'warning' | 'error';
  /** Clicking opens the `ltxJobs.queue` settings (a setting or the password needs fixing). */
  openSettings: boolean;
}

/**
 * Hidden while the team queue is off; else the slots in use and the waiting jobs per provider that
 * has a worker or jobs (`Team: LTX 1/2 slots · 3 waiting`), a warning when no worker is alive, an
 * error when Redis cannot be reached or a setting is wrong.
 */
export function teamStatusView(connection: TeamConnection, now: number): TeamStatusView {
  if (connection.kind === 'off')
    return { visible: false, text: '', tooltip: '', tone: 'normal', openSettings: false };
  if (connection.kind === 'connecting') {
    return {
      visible: true,
      text: '$(sync~spin) Team queue',
      tooltip: 'LTX Jobs: connecting to the team queue (ltxJobs.queue.url)…',
      tone: 'normal',
      openSettings: false,
    };
  }
  if (connection.kind === 'error') {
    const stale =
      connection.readAt === undefined
        ? ''
        : `\nThe Jobs view shows the team's jobs as of ${Math.round((now - connection.readAt) / 1000)} s ago.`;
    return {
      visible: true,
      text: connection.fix ? '$(error) Team queue: check settings' : '$(error) Team queue unreachable',
      tooltip: `LTX Jobs team queue${connection.queue === '' ? '' : ` ${connection.queue}`}: ${connection.message}${stale}\n${
        connection.fix
          ? 'Click to open the ltxJobs.queue settings.'
          : 'Tried again every few seconds; click for the log.'
      }`,
      tone: 'error',
      openSettings: connection.fix,
    };
  }
  const shown = connection.status.filter(
    (s) => s.slots !== undefined || s.workers.length > 0 || s.waiting + s.active > 0,
  );
  const workers = new Set(connection.status.flatMap((s) => s.workers));
  const parts = shown.map(
    (s) =>
      `${PROVIDER_NAMES[s.provider]} ${s.slotsInUse}/${s.slots ?? '?'} slots${s.waiting > 0 ? ` · ${s.waiting} waiting` : ''}`,
  );
  const lines = connection.status.map((s) => {
    const paused =
      s.pausedUntil !== undefined && s.pausedUntil > now
        ? ` · paused ${Math.ceil((s.pausedUntil - now) / 1000)} s (provider rate limit)`
        : '';
    const held = (s.held ?? []).filter((h) => h.until > now);
    const holds =
      held.length === 0
        ? ''
        : ` · ${countOf(held.length, 'slot')} held for a cut-off submit (may have been billed) for up to ${Math.ceil((Math.max(...held.map((h) => h.until)) - now) / 60_000)} min`;
    return `${PROVIDER_NAMES[s.provider]}: ${s.slotsInUse} of ${s.slots ?? '?'} account slots in use, ${s.waiting} waiting, ${s.active} running, ${s.completed} done, ${s.failed} failed · ${
      s.workers.length === 0
        ? 'no worker'
        : `${countOf(s.workers.length, 'worker')} (${s.workers.join(', ')})`
    }${paused}${holds}`;
  });
  return {
    visible: true,
    text: `$(organization) Team: ${parts.length === 0 ? 'idle' : parts.join(' · ')}${workers.size === 0 ? ' · no worker' : ''}`,
    tooltip: [
      `LTX Jobs is on the team queue ${connection.queue}: submits go to its workers.`,
      ...lines,
      ...(workers.size === 0
        ? ['No worker is alive: start one with `ltx-jobs worker --queue … --out <shared dir>`.']
        : []),
    ].join('\n'),
    tone: workers.size === 0 ? 'warning' : 'normal',
    openSettings: false,
  };
}
