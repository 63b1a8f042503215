import { type JobRecord, type RunProgress, type TakeForest, takeForest } from '@ltx-jobs/core';
import { parseTime } from '../view-model/format.js';
import {
  type GroupBy,
  groupJobs,
  type JobGroup,
  type JobsItem,
  matchesFilter,
  type StateFilter,
} from '../view-model/job-groups.js';
import { layoutRuns, type RunPart } from '../view-model/run-layout.js';

/** What the tree reads of the runs (the `Runs` service). */
export interface RunSource {
  /** Every run this window knows, newest first. */
  list(): { id: string }[];
  progress(id: string): RunProgress | undefined;
  /** True while this window is still sending the run's jobs. */
  isSending(id: string): boolean;
  onDidChange(listener: (id: string | undefined) => void): () => void;
}

/** A tree without runs (tests, and before the runs load). */
export const NO_RUNS: RunSource = {
  list: () => [],
  progress: () => undefined,
  isSending: () => false,
  onDidChange: () => () => {},
};

/** Where every row of the Jobs view goes: runs and their jobs, groups, the root's rows. */
export interface TreeLayout {
  parts: Map<string, RunPart>;
  /** Ref of a job listed under a run -> that run node's key. */
  runOf: Map<string, string>;
  groups: JobGroup[];
  /** Ungrouped: the root's runs and jobs, newest first. */
  top: JobsItem[];
  /** Ungrouped: takes under their sources (jobs outside runs). */
  takes: TakeForest;
}

/**
 * Lays out `records` (newest first) and the runs: the filter applied, each run's jobs under its node
 * (see `layoutRuns`), the other jobs grouped, or (ungrouped) at the root with takes under their
 * sources, each run placed among them by when it started.
 */
export function buildLayout(input: {
  records: readonly JobRecord[];
  filter: readonly StateFilter[];
  groupBy: GroupBy;
  now: number;
  runs: RunSource;
}): TreeLayout {
  const { records, filter, groupBy, now, runs } = input;
  const shows = (r: JobRecord) => matchesFilter(r, filter);
  const progresses = runs.list().flatMap((r) => runs.progress(r.id) ?? []);
  const { parts, owned } = layoutRuns({
    progresses,
    records,
    shows,
    filtered: filter.length > 0,
    groupBy,
    now,
  });
  const plain = records.filter((r) => shows(r) && !owned.has(r.ref));
  const takes = takeForest(plain);
  const runOf = new Map<string, string>();
  for (const part of parts) for (const r of part.records) runOf.set(r.ref, part.key);
  // Ungrouped: the jobs in their order, each run before the first job that started before it.
  const waiting = [...parts].sort((a, b) => b.at - a.at);
  const top: JobsItem[] = [];
  for (const root of takes.roots) {
    const at = parseTime(root.submittedAt) ?? now;
    while (waiting[0] !== undefined && waiting[0].at >= at) {
      top.push({ kind: 'run', key: (waiting.shift() as RunPart).key });
    }
    top.push({ kind: 'job', ref: root.ref });
  }
  for (const part of waiting) top.push({ kind: 'run', key: part.key });
  return {
    parts: new Map(parts.map((p) => [p.key, p])),
    runOf,
    groups: groupJobs(plain, groupBy, now, parts),
    top,
    takes,
  };
}
