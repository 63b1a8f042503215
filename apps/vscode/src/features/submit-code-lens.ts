import * as vscode from 'vscode';

/** A "Submit" CodeLens at the top of every `*.ltx.json` file; its title follows workspace trust. */
export class SubmitCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the workspace becomes trusted (the lens stops saying it needs trust). */
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly trust = vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire());

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const top = new vscode.Range(0, 0, 0, 0);
    const title = vscode.workspace.isTrusted
      ? '$(play) Submit'
      : '$(shield) Submit (needs a trusted workspace)';
    return [
      new vscode.CodeLens(top, {
        title,
        command: 'ltxJobs.submitFile',
        arguments: [document.uri],
        tooltip: 'Submit this request file as a new LTX job (billed)',
      }),
    ];
  }

  dispose(): void {
    this.trust.dispose();
    this.changed.dispose();
  }
}

/** Registers the CodeLens for `**\/*.ltx.json`. */
export function registerSubmitCodeLens(context: vscode.ExtensionContext): void {
  const provider = new SubmitCodeLensProvider();
  context.subscriptions.push(
    provider,
    vscode.languages.registerCodeLensProvider({ pattern: '**/*.ltx.json' }, provider),
  );
}
