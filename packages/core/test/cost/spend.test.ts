import { describe, expect, it } from 'vitest';
import {
  checkDailyBudget,
  checkMaxCost,
  isCostLimitError,
  localDay,
  spentToday,
  summarizeSpend,
} from '../../src/cost/index.js';
import type { JobRecord } from '../../src/ledger/types.js';
import { ltxRecord } from '../ledger/records.js';

const known = (usd: number) =>
  ({ usd, basis: 'output seconds', exact: false, tableDate: '2026-11' }) as const;
/** Local noon of a day, so the local-day grouping is the calendar day whatever the time zone. */
const noon = (day: string) => new Date(`${day}T12:00:00`).toISOString();
function job(n: number, day: string, extra: Partial<JobRecord>): JobRecord {
  return ltxRecord(n, { submittedAt: noon(day), ...extra });
}
const ledger: JobRecord[] = [
  job(1, '2026-11-18', { estimate: known(0.18) }),
  job(2, '2026-11-18', { estimate: known(0.5), endpoint: 'retake', request: { model: 'ltx-2-3-pro' } }),
  job(3, '2026-11-19', { estimate: { unknown: 'no known price' } }),
  job(4, '2026-11-20', { estimate: known(1.2), request: { model: 'ltx-2-3-pro' } }),
  job(5, '2026-11-20', {}),
];

describe('summarizeSpend', () => {
  it('sums estimates by local day (newest first), model and endpoint, counting jobs without a figure', () => {
    const summary = summarizeSpend(ledger);
    expect(summary.total).toEqual({ key: 'total', usd: 1.88, jobs: 5, unestimated: 2 });
    expect(summary.byDay).toEqual([
      { key: '2026-11-20', usd: 1.2, jobs: 2, unestimated: 1 },
      { key: '2026-11-19', usd: 0, jobs: 1, unestimated: 1 },
      { key: '2026-11-18', usd: 0.68, jobs: 2, unestimated: 0 },
    ]);
    expect(summary.byModel).toEqual([
      { key: 'ltx-2-3-pro', usd: 1.7, jobs: 2, unestimated: 0 },
      { key: 'ltx-2-3-fast', usd: 0.18, jobs: 3, unestimated: 2 },
    ]);
    expect(summary.byEndpoint.map((g) => [g.key, g.usd])).toEqual([
      ['ltx:text-to-video', 1.38],
      ['ltx:retake', 0.5],
    ]);
  });

  it('keeps only jobs submitted since the given instant', () => {
    const since = Date.parse(`${'2026-11-19'}T00:00:00`);
    const summary = summarizeSpend(ledger, since);
    expect(summary.total).toMatchObject({ usd: 1.2, jobs: 3 });
    expect(summary.since).toBe(new Date(since).toISOString());
  });
});

describe('budgets and --max-cost', () => {
  it("counts today's estimated spend in local days", () => {
    expect(spentToday(ledger, Date.parse(noon('2026-11-18')))).toBe(0.68);
    expect(localDay(Date.parse(noon('2026-11-20')))).toBe('2026-11-20');
  });

  it('refuses a submit that would go over the daily budget, saying how much is left', () => {
    expect(() => checkDailyBudget(1, 0.68, 0.32)).not.toThrow();
    let error: unknown;
    try {
      checkDailyBudget(1, 0.68, 0.54);
    } catch (e) {
      error = e;
    }
    expect(isCostLimitError(error)).toBe(true);
    expect(String((error as Error).message)).toBe(
      'Daily budget $1.00: $0.68 spent today (estimated), $0.32 left; this submit ≈ $0.54. Nothing was sent',
    );
  });

  it('refuses a run above --max-cost', () => {
    expect(() => checkMaxCost(1, 1)).not.toThrow();
    expect(() => checkMaxCost(0.1, 0.18)).toThrow(
      'The estimated total $0.18 is above --max-cost $0.10. Nothing was sent',
    );
  });
});
