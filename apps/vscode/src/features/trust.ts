import * as vscode from 'vscode';

/** Thrown when a command that sends or writes is used in an untrusted workspace. */
export class UntrustedWorkspaceError extends Error {
  constructor(action: string) {
    super(
      `This workspace is not trusted, so LTX Jobs does not ${action} here. Trust the workspace to use it (the jobs list still works).`,
    );
    this.name = 'UntrustedWorkspaceError';
  }
}

/**
 * Submitting (billed, reads local media) and downloading (writes files) need a trusted workspace.
 * @param action what would have happened, e.g. `submit request files`
 */
export function requireTrust(action: string): void {
  if (!vscode.workspace.isTrusted) throw new UntrustedWorkspaceError(action);
}
