import { isTerminal } from '../job-states.js';
import type { JobRecord } from '../ledger/types.js';
import type { JobView } from './schemas.js';

/** How a front end shows a path to the agent (workspace-relative in VS Code); default: as it is. */
export type ShowPath = (absolutePath: string) => string;

/**
 * A ledger record as the agent sees it: state, whether it can still change, each artifact with its
 * file once downloaded. Signed result URLs and the raw provider record are left out.
 */
export function jobViewOf(record: JobRecord, showPath: ShowPath = (p) => p): JobView {
  const state = record.job?.state ?? 'unknown';
  const downloads = new Map(record.downloads.map((d) => [d.label, d]));
  const labels = [...new Set([...(record.job?.artifacts.map((a) => a.label) ?? []), ...downloads.keys()])];
  const expiries = new Map(record.job?.artifacts.map((a) => [a.label, a.expiresAt]) ?? []);
  const view: JobView = {
    ref: record.ref,
    provider: record.provider,
    endpoint: record.endpoint,
    state,
    done: isTerminal(state),
    submittedAt: record.submittedAt,
    artifacts: labels.map((label) => {
      const done = downloads.get(label);
      const expiresAt = expiries.get(label);
      return {
        label,
        downloaded: done !== undefined,
        ...(done ? { path: showPath(done.path), bytes: done.bytes } : {}),
        ...(expiresAt && !done ? { expiresAt } : {}),
      };
    }),
  };
  const model = (record.request as { model?: unknown } | undefined)?.model;
  if (typeof model === 'string') view.model = model;
  if (record.name) view.name = record.name;
  if (record.job?.progress !== undefined) view.progress = record.job.progress;
  if (record.requestFile) view.requestFile = showPath(record.requestFile);
  if (record.outputDir) view.outputDir = showPath(record.outputDir);
  if (record.job?.updatedAt) view.checkedAt = record.job.updatedAt;
  if (record.job?.error) view.error = { type: record.job.error.type, message: record.job.error.message };
  return view;
}

/** True when the job succeeded and every artifact it lists is recorded as on disk. */
export function allDownloaded(record: JobRecord): boolean {
  const artifacts = record.job?.artifacts ?? [];
  return (
    record.job?.state === 'succeeded' &&
    artifacts.length > 0 &&
    artifacts.every((a) => record.downloads.some((d) => d.label === a.label))
  );
}

/** One line for people: `lighthouse (ltx:text-to-video/5b0e…) running 40%`. */
export function jobLine(view: JobView): string {
  const progress =
    view.state === 'running' && view.progress !== undefined ? ` ${Math.round(view.progress)}%` : '';
  const error = view.error ? ` (${view.error.type}: ${view.error.message})` : '';
  return `${view.name ? `${view.name} ` : ''}(${view.ref}) ${view.state}${progress}${error}`;
}
