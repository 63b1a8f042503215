import { type JobRecord, localDay, type RunProgress, summarizeRunJobs } from '@ltx-jobs/core';
import { parseTime } from './format.js';
import type { GroupBy } from './job-groups.js';

/**
 * One run node of the Jobs view: a whole run, or, grouped by request file, the part of a run that
 * came from one file (a run of several files then shows in each file's group, each job once).
 */
export interface RunPart {
  /** Node key: the run id, or `<run id>|<group key>` for one part of it. */
  key: string;
  runId: string;
  /** The group it sits in (`file:<uri>`, `day:<day>`) when the view is grouped. */
  group?: string;
  /** The progress it shows: of the run, or of its jobs in that group. */
  progress: RunProgress;
  /** The whole run's progress (the same object as `progress` unless this is one part of several). */
  whole: RunProgress;
  /** Its children: the latest attempt of each of its jobs that the state filter shows, in run order. */
  records: JobRecord[];
  /** Epoch ms the run started (its place among the rows, newest first). */
  at: number;
}

/** What {@link layoutRuns} places. */
export interface RunLayout {
  parts: RunPart[];
  /** Refs of every record of these runs (every attempt): none of them is listed outside its run. */
  owned: Set<string>;
}

/** What {@link layoutRuns} needs. */
export interface RunLayoutInput {
  /** The runs this window knows, with their progress (see `Runs.progress`). */
  progresses: readonly RunProgress[];
  /** Every record (to find every attempt of a run's jobs). */
  records: readonly JobRecord[];
  /** True when the state filter shows a record. */
  shows(record: JobRecord): boolean;
  /** True when a state filter is on: a run none of whose jobs it shows is left out. */
  filtered: boolean;
  groupBy: GroupBy;
  now: number;
}

/**
 * Places the runs in the Jobs view: each run is one node holding the latest attempt of each of its
 * jobs (earlier, failed attempts are not listed again). Grouped by day, a run sits in the day it
 * started; grouped by request file, in the group of the file (or manifest) its jobs came from, split
 * into one part per file when they came from several. With a state filter, a run shows only the
 * jobs the filter shows, and not at all when there are none; without one, a run shows even before
 * any of its jobs has an id (Resume Failed sends them).
 */
export function layoutRuns(input: RunLayoutInput): RunLayout {
  const ids = new Set(input.progresses.map((p) => p.run.id));
  const owned = new Set<string>();
  for (const record of input.records) {
    if (record.runId !== undefined && ids.has(record.runId)) owned.add(record.ref);
  }
  const parts: RunPart[] = [];
  for (const whole of input.progresses) {
    const { run } = whole;
    for (const status of whole.jobs) if (status.record) owned.add(status.record.ref);
    const at = parseTime(run.createdAt) ?? input.now;
    const byGroup = new Map<string, RunProgress['jobs']>();
    for (const status of whole.jobs) {
      const group =
        input.groupBy === 'requestFile'
          ? `file:${status.job.manifest ?? status.job.requestFile}`
          : input.groupBy === 'day'
            ? `day:${localDay(at)}`
            : '';
      byGroup.set(group, [...(byGroup.get(group) ?? []), status]);
    }
    const several = byGroup.size > 1;
    for (const [group, jobs] of byGroup) {
      const records = jobs.flatMap((j) =>
        j.record !== undefined && input.shows(j.record) ? [j.record] : [],
      );
      if (input.filtered && records.length === 0) continue;
      parts.push({
        key: several ? `${run.id}|${group}` : run.id,
        runId: run.id,
        ...(group === '' ? {} : { group }),
        progress: several ? summarizeRunJobs(run, jobs) : whole,
        whole,
        records,
        at,
      });
    }
  }
  return { parts, owned };
}
