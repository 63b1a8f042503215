import {
  type CostEstimate,
  explainEstimate,
  formatEstimate,
  formatRunTotal,
  formatUsd,
  isKnownCost,
} from '@ltx-jobs/core';
import * as vscode from 'vscode';
import { readSettings } from '../services/settings.js';
import { isTeamQueueSet } from '../team/team-submit.js';
import { estimateDocument, estimateVariations } from './cost-estimate.js';

/**
 * The lens title: `Submit · ≈ $0.54` (a range for `duration: null`, `cost unknown` without a
 * figure); `Submit · 2 problems` while the file has errors (a submit would refuse it); a shield while
 * the workspace is untrusted.
 */
export function submitLensTitle(trusted: boolean, estimate: CostEstimate | undefined, errors = 0): string {
  if (!trusted) return '$(shield) Submit (needs a trusted workspace)';
  if (errors > 0) return `$(error) Submit · ${errors === 1 ? '1 problem' : `${errors} problems`}`;
  return estimate === undefined ? '$(play) Submit' : `$(play) Submit · ${formatEstimate(estimate)}`;
}

/** Errors shown for `uri`: ours and the JSON language's (a syntax error), not warnings. */
function errorCount(uri: vscode.Uri): number {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error)
    .length;
}

/**
 * A "Submit" CodeLens at the top of every `*.ltx.json` file, with the cost estimate where the decision
 * is made; its title follows workspace trust.
 */
export class SubmitCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the workspace becomes trusted (the lens stops saying it needs trust). */
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly trust = vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire());
  /** A request file's problems changed: the lens says how many are left. */
  private readonly problems = vscode.languages.onDidChangeDiagnostics((event) => {
    if (event.uris.some((uri) => uri.path.endsWith('.ltx.json'))) this.changed.fire();
  });
  /** `ltxJobs.confirmAbove` / `budget.daily` changed: the tooltip says whether a submit will ask. */
  private readonly settings = vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration('ltxJobs')) this.changed.fire();
  });

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const top = new vscode.Range(0, 0, 0, 0);
    const trusted = vscode.workspace.isTrusted;
    // A file with variations is a run: "Submit 4 Jobs · ≈ $3.84".
    const run = trusted ? await estimateVariations(document) : undefined;
    if (run !== undefined) {
      return [
        new vscode.CodeLens(top, {
          title: `$(play) Submit ${run.jobs} Jobs · ${formatRunTotal(run.total)}`,
          command: 'ltxJobs.submitFile',
          arguments: [document.uri],
          tooltip: `Submit this request file's ${run.jobs} variations as one run (each job billed; an estimate, not a bill)`,
        }),
      ];
    }
    // Untrusted: no file is read on the request file's say-so.
    const estimate = trusted ? await estimateDocument(document) : undefined;
    const errors = trusted ? errorCount(document.uri) : 0;
    const tooltip = estimate === undefined ? '' : `\n${explainEstimate(estimate)}${limitNote(estimate)}`;
    // ltxJobs.queue.url set: the team's workers run it (issue 14).
    const team = isTeamQueueSet();
    const title = submitLensTitle(trusted, estimate, errors);
    return [
      new vscode.CodeLens(top, {
        title: team ? title.replace('$(play) Submit', '$(organization) Submit to Team Queue') : title,
        command: errors > 0 ? 'workbench.actions.view.problems' : 'ltxJobs.submitFile',
        arguments: errors > 0 ? [] : [document.uri],
        tooltip:
          errors > 0
            ? 'Fix the problems first (Problems panel): a submit refuses this file as it is, and nothing is billed'
            : team
              ? `Put this request file in the team queue (ltxJobs.queue.url): a team worker submits it (billed) and saves its files in the shared folder${tooltip}`
              : `Submit this request file as a new LTX job (billed)${tooltip}`,
      }),
    ];
  }

  dispose(): void {
    this.settings.dispose();
    this.problems.dispose();
    this.trust.dispose();
    this.changed.dispose();
  }
}

/** `Asks first: above ltxJobs.confirmAbove ($0.50).` when a submit of this estimate will ask. */
function limitNote(estimate: CostEstimate): string {
  const { confirmAbove } = readSettings();
  if (confirmAbove === null || (isKnownCost(estimate) && estimate.usd <= confirmAbove)) return '';
  return `\nAsks first: above ltxJobs.confirmAbove (${formatUsd(confirmAbove)}).`;
}

/** Registers the CodeLens for `**\/*.ltx.json`. */
export function registerSubmitCodeLens(context: vscode.ExtensionContext): void {
  const provider = new SubmitCodeLensProvider();
  context.subscriptions.push(
    provider,
    vscode.languages.registerCodeLensProvider({ pattern: '**/*.ltx.json' }, provider),
  );
}
