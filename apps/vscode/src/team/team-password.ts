import * as vscode from 'vscode';
import { orCancel } from '../commands/command-error.js';
import { QUEUE_PASSWORD_SECRET, type Services } from '../services/services.js';

/**
 * ltxJobs.setQueuePassword: stores the team queue's Redis password (for `ltxJobs.queue.url`) in VS
 * Code's secret storage, never in a setting or a log; an empty value clears it. The queue is opened
 * again with it at once (here and in the other windows: they see the secret change).
 */
export async function setQueuePassword(services: Services): Promise<void> {
  const entered = orCancel(
    await vscode.window.showInputBox({
      title: 'LTX Jobs: Team Queue Password',
      prompt:
        "Password of the team queue's Redis (ltxJobs.queue.url). Kept in VS Code's secret storage; leave empty to clear it.",
      password: true,
      ignoreFocusOut: true,
    }),
  );
  if (entered === '') {
    await clearQueuePassword(services);
    return;
  }
  await services.context.secrets.store(QUEUE_PASSWORD_SECRET, entered);
  services.logger.info('The team queue password was stored');
  void vscode.window.showInformationMessage('LTX Jobs: the team queue password is stored.');
}

/** ltxJobs.clearQueuePassword: forgets the team queue's password. */
export async function clearQueuePassword(services: Services): Promise<void> {
  await services.context.secrets.delete(QUEUE_PASSWORD_SECRET);
  services.logger.info('The team queue password was cleared');
  void vscode.window.showInformationMessage('LTX Jobs: the team queue password is cleared.');
}
