import * as vscode from 'vscode';
import type { Services } from '../services/services.js';
import { ProviderArgSchema, parseArg, titleArg } from './args.js';
import { PROVIDER_LABELS, pickProvider } from './set-api-key.js';

/** ltxJobs.clearApiKey [{provider}]: deletes a stored key. */
export async function clearApiKey(services: Services, given?: unknown): Promise<void> {
  const arg = titleArg(given);
  const parsed =
    arg === undefined
      ? undefined
      : parseArg(ProviderArgSchema.pick({ provider: true }), arg, 'The argument of "Clear API Key"');
  let provider = parsed?.provider;
  if (provider === undefined) {
    const configured = await services.apiKeys.configured();
    if (configured.length === 0) {
      void vscode.window.showInformationMessage('LTX Jobs: no API key is stored.');
      return;
    }
    provider = await pickProvider('Which API key should be removed?', configured);
  }
  await services.apiKeys.clear(provider);
  services.logger.info(`API key for ${provider} removed from secret storage`);
  if (parsed === undefined)
    void vscode.window.showInformationMessage(`LTX Jobs: API key for ${PROVIDER_LABELS[provider]} removed.`);
}
