import { describe, expect, it } from 'vitest';
import type { TeamQueueStatus } from '../../src/team/team-reader.js';
import { teamStatusView } from '../../src/team/team-status-view.js';

// Issue 14: the team queue's status bar item, from what `queueStatus` reads.
const NOW = Date.parse('2026-11-30T10:00:00Z');
const QUEUE = 'redis://default:***@10.0.0.5:6379';

function status(over: Partial<TeamQueueStatus> = {}): TeamQueueStatus {
  return {
    provider: 'ltx',
    slots: 2,
    slotsInUse: 1,
    waiting: 3,
    active: 1,
    completed: 10,
    failed: 1,
    workers: ['4242@render-1'],
    ...over,
  };
}
const idleUseapi = status({
  provider: 'useapi',
  slots: undefined,
  slotsInUse: 0,
  waiting: 0,
  active: 0,
  workers: [],
});

describe('teamStatusView', () => {
  it('says the window is on the team queue: slots in use and waiting jobs, the workers in the tooltip', () => {
    const view = teamStatusView(
      { kind: 'on', queue: QUEUE, status: [status(), idleUseapi], readAt: NOW },
      NOW,
    );
    expect(view).toMatchObject({ visible: true, tone: 'normal', openSettings: false });
    expect(view.text).toBe('$(organization) Team: LTX 1/2 slots · 3 waiting');
    expect(view.tooltip).toContain(`LTX Jobs is on the team queue ${QUEUE}`);
    expect(view.tooltip).toContain(
      'LTX: 1 of 2 account slots in use, 3 waiting, 1 running, 10 done, 1 failed · 1 worker (4242@render-1)',
    );
  });

  it('warns when no worker is alive, and tells of a paused queue and held slots', () => {
    const paused = status({
      workers: [],
      pausedUntil: NOW + 30_000,
      held: [{ jobId: 'j1', until: NOW + 10 * 60_000 }],
    });
    const view = teamStatusView({ kind: 'on', queue: QUEUE, status: [paused], readAt: NOW }, NOW);
    expect(view.tone).toBe('warning');
    expect(view.text).toBe('$(organization) Team: LTX 1/2 slots · 3 waiting · no worker');
    expect(view.tooltip).toContain('paused 30 s (provider rate limit)');
    expect(view.tooltip).toContain(
      '1 slot held for a cut-off submit (may have been billed) for up to 10 min',
    );
    expect(view.tooltip).toContain('No worker is alive: start one with `ltx-jobs worker');
  });

  it('is an error when Redis cannot be reached (the rows as of the last read) or a setting is wrong', () => {
    const away = teamStatusView(
      {
        kind: 'error',
        queue: QUEUE,
        message: 'Cannot reach the team queue',
        fix: false,
        readAt: NOW - 42_000,
      },
      NOW,
    );
    expect(away).toMatchObject({
      text: '$(error) Team queue unreachable',
      tone: 'error',
      openSettings: false,
    });
    expect(away.tooltip).toContain('as of 42 s ago');
    const wrong = teamStatusView(
      { kind: 'error', queue: '', message: 'refused the password', fix: true },
      NOW,
    );
    expect(wrong).toMatchObject({ text: '$(error) Team queue: check settings', openSettings: true });
    expect(teamStatusView({ kind: 'off' }, NOW).visible).toBe(false);
    expect(teamStatusView({ kind: 'connecting' }, NOW).text).toBe('$(sync~spin) Team queue');
  });
});
