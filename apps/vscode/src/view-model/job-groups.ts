import type { JobRecord } from '@ltx-jobs/core';
import { formatLocalDay, isTerminal, localDay } from '@ltx-jobs/core';
import { baseName, countOf, parseTime } from './format.js';
import { isActive, stateOf } from './job-state.js';

/** How the Jobs view groups its rows. */
export const GROUP_BY = ['none', 'requestFile', 'day'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

/** The states the Jobs view can be filtered by; `running` covers queued, running and not-yet-read jobs. */
export const STATE_FILTERS = ['running', 'succeeded', 'failed', 'cancelled', 'expired'] as const;
export type StateFilter = (typeof STATE_FILTERS)[number];

/** The filter bucket of a record. */
export function filterBucket(record: JobRecord): StateFilter {
  const state = stateOf(record);
  return isTerminal(state) ? (state as StateFilter) : 'running';
}

/** True when the record shows under `filter` (an empty filter shows everything). */
export function matchesFilter(record: JobRecord, filter: readonly StateFilter[]): boolean {
  return filter.length === 0 || filter.includes(filterBucket(record));
}

/** One group row of the Jobs view. */
export interface JobGroup {
  /** Stable key: `file:<uri>`, `tracked`, or `day:2026-11-23`. */
  key: string;
  label: string;
  /** `3 jobs · 1 running`. */
  description: string;
  tooltip: string;
  /** Refs of its jobs, newest first. */
  refs: string[];
}

/**
 * Groups `records` (newest first) by request file or by local calendar day; groups come in the order
 * of their newest job. `none` returns no groups (the view lists jobs at the root).
 */
export function groupJobs(records: readonly JobRecord[], groupBy: GroupBy, now: number): JobGroup[] {
  if (groupBy === 'none') return [];
  const groups = new Map<string, { label: string; tooltip: string; records: JobRecord[] }>();
  for (const record of records) {
    const { key, label, tooltip } = groupOf(record, groupBy, now);
    let group = groups.get(key);
    if (group === undefined) {
      group = { label, tooltip, records: [] };
      groups.set(key, group);
    }
    group.records.push(record);
  }
  return [...groups].map(([key, group]) => {
    const running = group.records.filter(isActive).length;
    return {
      key,
      label: group.label,
      description: [countOf(group.records.length, 'job'), running > 0 ? `${running} running` : '']
        .filter((p) => p !== '')
        .join(' · '),
      tooltip: group.tooltip,
      refs: group.records.map((r) => r.ref),
    };
  });
}

function groupOf(record: JobRecord, groupBy: GroupBy, now: number) {
  if (groupBy === 'requestFile') {
    if (record.requestFile === undefined) {
      return { key: 'tracked', label: 'Tracked by job ref', tooltip: 'Jobs added with "Track Existing Job"' };
    }
    return {
      key: `file:${record.requestFile}`,
      label: baseName(record.requestFile),
      tooltip: record.requestFile.replace(/^file:\/\//, ''),
    };
  }
  const at = parseTime(record.submittedAt) ?? now;
  return {
    key: `day:${localDay(at)}`,
    label: formatLocalDay(at, now),
    tooltip: `Jobs submitted ${formatLocalDay(at, now)}`,
  };
}
