import { isAbortError, isLtxJobsError, isRequestFileError } from '@ltx-jobs/core';
import * as vscode from 'vscode';
import { showInsufficientFunds } from '../features/cost-estimate.js';
import { keyProblemOf, showKeyProblem } from '../features/key-problems.js';
import { UntrustedWorkspaceError } from '../features/trust.js';
import type { Services } from '../services/services.js';

/** Thrown when the user dismissed a picker or input box: the command ends without a message. */
export class CancelledError extends Error {
  constructor() {
    super('Cancelled by the user');
    this.name = 'CancelledError';
  }
}

/** Returns `value`, or throws {@link CancelledError} when a picker/input gave `undefined`. */
export function orCancel<T>(value: T | undefined): T {
  if (value === undefined) throw new CancelledError();
  return value;
}

/** Commands run again after "Set API Key" fixed the key problem that stopped them (nothing was sent). */
const RETRY_AFTER_KEY = new Set(['ltxJobs.submitFile', 'ltxJobs.resubmit']);

/** A command body: the raw arguments VS Code passed, all unknown until parsed. */
export type CommandHandler = (...args: unknown[]) => Promise<unknown>;

/**
 * Registers `id` so that its body runs inside one error boundary: a cancelled picker or an aborted
 * operation is silent, a request file error becomes diagnostics, a missing or rejected API key a
 * message with "Set API Key", any other error one message with "Show Output".
 */
export function registerCommand(services: Services, id: string, handler: CommandHandler): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await handler(...args);
    } catch (error) {
      // A submit that found no key (or a rejected one) sent nothing: run it again once a key is set.
      const retry = RETRY_AFTER_KEY.has(id) ? () => vscode.commands.executeCommand(id, ...args) : undefined;
      handleCommandError(services, id, error, retry);
      return undefined;
    }
  });
}

/**
 * What the user sees when a command fails. Messages are not awaited: a notification's promise settles
 * only when the user closes it, and the command (which tests and other commands await) must end now.
 */
export function handleCommandError(
  services: Services,
  id: string,
  error: unknown,
  retry?: () => unknown,
): void {
  if (error instanceof CancelledError || isAbortError(error)) {
    services.logger.debug(`${id}: cancelled`);
    return;
  }
  if (error instanceof UntrustedWorkspaceError) {
    services.logger.info(`${id}: ${error.message}`);
    void vscode.window.showWarningMessage(error.message, 'Manage Workspace Trust').then((choice) => {
      if (choice === 'Manage Workspace Trust') void vscode.commands.executeCommand('workbench.trust.manage');
    });
    return;
  }
  if (isRequestFileError(error)) {
    const count = services.diagnostics.showError(error);
    services.logger.warn(`${id}: ${error.message}`);
    void vscode.window
      .showErrorMessage(
        `The request file has ${count} problem${count === 1 ? '' : 's'}; nothing was sent.`,
        'Show Problems',
      )
      .then((choice) => {
        if (choice === 'Show Problems')
          void vscode.commands.executeCommand('workbench.actions.view.problems');
      });
    return;
  }
  const keyProblem = keyProblemOf(error);
  if (keyProblem !== undefined) {
    services.logger.error(`${id}: ${error instanceof Error ? error.message : String(error)}`);
    showKeyProblem(services, keyProblem, retry);
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  const detail = isLtxJobsError(error) ? ` (${error.kind})` : '';
  services.logger.error(`${id} failed${detail}: ${message}`);
  if (showInsufficientFunds(error)) return;
  void vscode.window.showErrorMessage(`LTX Jobs: ${message}`, 'Show Output').then((choice) => {
    if (choice === 'Show Output') services.log.show(true);
  });
}
