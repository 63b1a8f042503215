import type { JobRecord } from '../ledger/types.js';
import { isKnownCost } from './types.js';

/** Spend of one group (a day, a model, an endpoint). */
export interface SpendGroup {
  key: string;
  /** Sum of the estimates (upper bounds of ranges), USD. */
  usd: number;
  jobs: number;
  /** Jobs in the group without a figure (unknown price, tracked jobs, ledgers from before estimates). */
  unestimated: number;
}

/** What `ltx-jobs spend` prints: estimated spend of the ledger's jobs, summed three ways. */
export interface SpendSummary {
  /** ISO-8601 lower bound of `submittedAt`, when a `since` was given. */
  since?: string;
  total: SpendGroup;
  byDay: SpendGroup[];
  byModel: SpendGroup[];
  byEndpoint: SpendGroup[];
}

/** `YYYY-MM-DD` of an instant in the local time zone (days of a budget are local days). */
export function localDay(epochMs: number): string {
  const d = new Date(epochMs);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function modelOf(record: JobRecord): string {
  const request = record.request as { model?: unknown } | null | undefined;
  if (typeof request?.model === 'string') return request.model;
  return record.request === null || record.request === undefined ? '(tracked)' : '(default)';
}

/**
 * Sums the estimates the ledger kept with each job submitted at or after `sinceMs`, by local day
 * (newest first), model and endpoint (largest first). Figures are estimates, never bills.
 */
export function summarizeSpend(records: readonly JobRecord[], sinceMs?: number): SpendSummary {
  const groups = { day: new Map<string, SpendGroup>(), model: new Map(), endpoint: new Map() };
  const total: SpendGroup = { key: 'total', usd: 0, jobs: 0, unestimated: 0 };
  for (const record of records) {
    const at = Date.parse(record.submittedAt);
    if (sinceMs !== undefined && !(at >= sinceMs)) continue;
    const keys = {
      day: localDay(at),
      model: modelOf(record),
      endpoint: `${record.provider}:${record.endpoint}`,
    };
    for (const group of [
      total,
      ...(['day', 'model', 'endpoint'] as const).map((k) => groupOf(groups[k], keys[k])),
    ]) {
      group.jobs++;
      if (isKnownCost(record.estimate)) group.usd = Math.round((group.usd + record.estimate.usd) * 1e6) / 1e6;
      else group.unestimated++;
    }
  }
  const bySpend = (a: SpendGroup, b: SpendGroup) => b.usd - a.usd || a.key.localeCompare(b.key);
  return {
    ...(sinceMs === undefined ? {} : { since: new Date(sinceMs).toISOString() }),
    total,
    byDay: [...groups.day.values()].sort((a, b) => b.key.localeCompare(a.key)),
    byModel: [...groups.model.values()].sort(bySpend),
    byEndpoint: [...groups.endpoint.values()].sort(bySpend),
  };
}

function groupOf(map: Map<string, SpendGroup>, key: string): SpendGroup {
  let group = map.get(key);
  if (!group) {
    group = { key, usd: 0, jobs: 0, unestimated: 0 };
    map.set(key, group);
  }
  return group;
}

/** Estimated spend of the local day that contains `nowMs` (what a daily budget is checked against). */
export function spentToday(records: readonly JobRecord[], nowMs: number): number {
  const today = localDay(nowMs);
  let usd = 0;
  for (const record of records) {
    if (isKnownCost(record.estimate) && localDay(Date.parse(record.submittedAt)) === today)
      usd += record.estimate.usd;
  }
  return Math.round(usd * 1e6) / 1e6;
}
