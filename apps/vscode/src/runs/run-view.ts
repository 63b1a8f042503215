import { formatRunTotal, isTerminal, type RunProgress } from '@ltx-jobs/core';
import { escapeMarkdown } from '../view-model/format.js';
import { whenText } from '../view-model/job-tooltip.js';

/** A codicon and an optional theme colour (no `vscode` import: the tree turns it into a ThemeIcon). */
export interface RunIconView {
  id: string;
  color?: string;
}

/** What the Jobs tree shows for one run: its node, and which of its actions apply. */
export interface RunView {
  /** `dawn ×4`, `shots.ltx.jsonl`. */
  label: string;
  /** `3/8 done, 1 failed`. */
  description: string;
  /** Markdown. */
  tooltip: string;
  icon: RunIconView;
  /**
   * `run` plus the actions that apply, for `view/item/context` menus: `runResumable` (something
   * failed, expired or was never sent), `runLive` (jobs still running or being submitted here),
   * `runMissingFiles` (a succeeded job misses a file on disk), `runHasResults` (a job succeeded),
   * e.g. `run runResumable runMissingFiles runHasResults`.
   * (Tokens of their own: the job rows' menus match words such as `downloadable`.)
   */
  contextValue: string;
  /** Refs of the run's latest attempts, in the run's order (the node's children). */
  refs: string[];
}

/** What the view needs to know beyond the ledger. */
export interface RunViewContext {
  /** True while this window is still sending the run's jobs. */
  submitting?: boolean;
  /** Epoch ms (the tooltip's local times); default now. */
  now?: number;
}

function iconOf(progress: RunProgress, submitting: boolean): RunIconView {
  const { counts } = progress;
  if (submitting || counts.running > 0) return { id: 'sync~spin' };
  if (counts.failed + counts.interrupted > 0)
    return { id: 'warning', color: 'problemsWarningIcon.foreground' };
  if (counts.succeeded === counts.total) return { id: 'pass', color: 'testing.iconPassed' };
  return { id: 'circle-large-outline' };
}

/**
 * The run node: name, aggregate progress (`3/8 done, 1 failed`), a tooltip with the counts, the
 * estimate and where it came from, and the context tokens that turn its actions on.
 */
export function runView(progress: RunProgress, context: RunViewContext = {}): RunView {
  const { run, counts } = progress;
  const submitting = context.submitting === true;
  const missingFiles = progress.jobs.some(
    (j) =>
      j.state === 'succeeded' &&
      j.record !== undefined &&
      j.record.downloads.length < (j.record.job?.artifacts.length ?? 0),
  );
  const tokens = ['run'];
  if (counts.failed + counts.notSubmitted + counts.interrupted > 0 && !submitting)
    tokens.push('runResumable');
  const live = progress.jobs.some(
    (j) => j.record?.watching === true && !isTerminal(j.record.job?.state ?? 'queued'),
  );
  if (submitting || live) tokens.push('runLive');
  if (missingFiles) tokens.push('runMissingFiles');
  if (counts.succeeded > 0) tokens.push('runHasResults');
  const kind = {
    variations: 'variations of one request file',
    manifest: 'a manifest',
    files: 'several request files',
  }[run.kind];
  const lines = [
    `**${escapeMarkdown(run.name)}** — run of ${counts.total} job${counts.total === 1 ? '' : 's'} from ${kind}`,
    '',
    `${progress.text}${submitting ? ' (still sending)' : ''}`,
    ...(run.total ? ['', `Estimate: ${formatRunTotal(run.total)} (estimate, not a bill)`] : []),
    '',
    `Started ${whenText(run.createdAt, context.now ?? Date.now())} · \`${run.id}\``,
  ];
  return {
    label: run.name,
    description: submitting && counts.notSubmitted > 0 ? `${progress.text}, sending…` : progress.text,
    tooltip: lines.join('\n'),
    icon: iconOf(progress, submitting),
    contextValue: tokens.join(' '),
    refs: progress.jobs.flatMap((j) => (j.record ? [j.record.ref] : [])),
  };
}
