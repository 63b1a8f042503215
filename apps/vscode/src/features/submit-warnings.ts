import type { RequestFileIssue } from '@ltx-jobs/core';
import * as vscode from 'vscode';
import type { Services } from '../services/services.js';

/**
 * After a submit, the validator's warnings about the file (a model or size newer than the capability
 * table, an unconfirmed feature, a deprecated model) in a notification, not only in the log: the job
 * was sent, but the table could not vouch for it. "Show Problems" opens the Problems panel.
 */
export function showSubmitWarnings(
  services: Services,
  name: string,
  warnings: readonly RequestFileIssue[] | undefined,
): void {
  const shown = (warnings ?? []).filter((w) => w.code !== 'deprecated-provider');
  if (shown.length === 0) return;
  for (const warning of shown) services.logger.warn(`${name}: ${warning.path}: ${warning.message}`);
  const [first] = shown;
  const more = shown.length > 1 ? ` (and ${shown.length - 1} more)` : '';
  void vscode.window
    .showWarningMessage(
      `LTX job "${name}" submitted with a warning: ${first?.message}${more}`,
      'Show Problems',
    )
    .then((choice) => {
      if (choice === 'Show Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
    });
}
