import * as vscode from 'vscode';

/** The answer of {@link confirmBilled}: go ahead (billed), the safe first button, or nothing. */
export type BilledAnswer = 'billed' | 'safe' | undefined;

/**
 * Asks before something is billed, in a modal whose default button (the one Enter presses) is NOT
 * the billed one: VS Code focuses the first button of a modal, so `safeTitle` (e.g. "Show Earlier
 * Job") comes first, then `billedTitle`, and "Cancel" closes it.
 */
export async function confirmBilled(
  message: string,
  detail: string,
  safeTitle: string,
  billedTitle: string,
): Promise<BilledAnswer> {
  const answer = await vscode.window.showWarningMessage(
    message,
    { modal: true, detail },
    { title: safeTitle },
    { title: billedTitle },
    { title: 'Cancel', isCloseAffordance: true },
  );
  if (answer?.title === billedTitle) return 'billed';
  if (answer?.title === safeTitle) return 'safe';
  return undefined;
}
