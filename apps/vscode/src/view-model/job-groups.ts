import type { JobRecord } from '@ltx-jobs/core';
import { formatLocalDay, isTerminal, localDay } from '@ltx-jobs/core';
import { baseName, countOf, parseTime } from './format.js';
import { isActive, stateOf } from './job-state.js';
import type { RunPart } from './run-layout.js';

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

/** A row inside a group (or at the root): a job, or a run node (by its {@link RunPart} key). */
export type JobsItem = { kind: 'job'; ref: string } | { kind: 'run'; key: string };

/** One group row of the Jobs view. */
export interface JobGroup {
  /** Stable key: `file:<uri>`, `tracked`, or `day:2026-11-23`. */
  key: string;
  label: string;
  /** `3 jobs · 1 running`. */
  description: string;
  tooltip: string;
  /** Refs of its jobs outside runs, newest first. */
  refs: string[];
  /** Its rows: runs and jobs, newest first. */
  items: JobsItem[];
}

/**
 * Groups `records` (newest first, none of them in a run of `parts`) and the run nodes `parts` (each
 * with its `group`) by request file or by local calendar day; groups come in the order of their
 * newest row. `none` returns no groups (the view lists jobs at the root).
 */
export function groupJobs(
  records: readonly JobRecord[],
  groupBy: GroupBy,
  now: number,
  parts: readonly RunPart[] = [],
): JobGroup[] {
  if (groupBy === 'none') return [];
  type Entry = { at: number; item: JobsItem; records: JobRecord[] };
  const groups = new Map<string, { label: string; tooltip: string; newest: number; entries: Entry[] }>();
  const add = (where: { key: string; label: string; tooltip: string }, entry: Entry) => {
    let group = groups.get(where.key);
    if (group === undefined) {
      group = { label: where.label, tooltip: where.tooltip, newest: entry.at, entries: [] };
      groups.set(where.key, group);
    }
    group.newest = Math.max(group.newest, entry.at);
    group.entries.push(entry);
  };
  for (const record of records) {
    const at = parseTime(record.submittedAt) ?? now;
    add(groupOf(record.requestFile, at, groupBy, now), {
      at,
      item: { kind: 'job', ref: record.ref },
      records: [record],
    });
  }
  for (const part of parts) {
    const file = part.group?.startsWith('file:') ? part.group.slice('file:'.length) : undefined;
    add(groupOf(file, part.at, groupBy, now), {
      at: part.at,
      item: { kind: 'run', key: part.key },
      records: part.records,
    });
  }
  return [...groups]
    .sort(([, a], [, b]) => b.newest - a.newest)
    .map(([key, group]) => {
      const entries = [...group.entries].sort((a, b) => b.at - a.at);
      const all = entries.flatMap((e) => e.records);
      const running = all.filter(isActive).length;
      return {
        key,
        label: group.label,
        description: [countOf(all.length, 'job'), running > 0 ? `${running} running` : '']
          .filter((p) => p !== '')
          .join(' · '),
        tooltip: group.tooltip,
        refs: entries.flatMap((e) => (e.item.kind === 'job' ? [e.item.ref] : [])),
        items: entries.map((e) => e.item),
      };
    });
}

/** The group of a row from `requestFile` (undefined: tracked by ref) started at `at`. */
function groupOf(requestFile: string | undefined, at: number, groupBy: GroupBy, now: number) {
  if (groupBy === 'requestFile') {
    if (requestFile === undefined) {
      return { key: 'tracked', label: 'Tracked by job ref', tooltip: 'Jobs added with "Track Existing Job"' };
    }
    return {
      key: `file:${requestFile}`,
      label: baseName(requestFile),
      tooltip: requestFile.replace(/^file:\/\//, ''),
    };
  }
  return {
    key: `day:${localDay(at)}`,
    label: formatLocalDay(at, now),
    tooltip: `Jobs submitted ${formatLocalDay(at, now)}`,
  };
}
