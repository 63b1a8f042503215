import { isKnownCost, localDay, spentToday } from '@ltx-jobs/core';
import type { Team } from './team.js';
import { teamJobs } from './team-status.js';

/**
 * The team's estimated spend today (local day of `nowMs`), USD: every job in the shared ledger
 * submitted today, plus the jobs enqueued today that have no ledger record yet but will be (or may
 * have been) billed: waiting, running, or cut off mid-submit ("may have been billed"). A job the
 * provider refused is not counted. What `--queue` checks the daily budget against.
 */
export async function teamSpentToday(team: Team, nowMs = Date.now()): Promise<number> {
  const ledger = await team.ledger();
  let usd = spentToday(ledger.list(), nowMs);
  const today = localDay(nowMs);
  for (const job of await teamJobs(team)) {
    if (job.record || job.ref) continue; // counted from the ledger
    if (job.queueState === 'failed' && job.stage !== 'interrupted') continue; // refused: nothing billed
    if (job.queueState === 'completed') continue;
    if (!job.enqueuedAt || localDay(Date.parse(job.enqueuedAt)) !== today) continue;
    if (isKnownCost(job.estimate)) usd += job.estimate.usd;
  }
  return Math.round(usd * 1e6) / 1e6;
}
