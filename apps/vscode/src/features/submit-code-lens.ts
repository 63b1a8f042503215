import * as vscode from 'vscode';

/** A "Submit" CodeLens at the top of every `*.ltx.json` file. */
export class SubmitCodeLensProvider implements vscode.CodeLensProvider {
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
}

export function registerSubmitCodeLens(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.languages.registerCodeLensProvider({ pattern: '**/*.ltx.json' }, new SubmitCodeLensProvider()),
  );
}
