import { type ProviderName, USEAPI_DEPRECATION_NOTICE } from '@ltx-jobs/core';
import * as vscode from 'vscode';
import type { Services } from '../services/services.js';
import { ProviderArgSchema, parseArg } from './args.js';
import { orCancel } from './command-error.js';

/** What the provider pickers show; useapi carries the deprecation notice. */
export const PROVIDER_LABELS: Record<ProviderName, string> = {
  ltx: 'LTX',
  useapi: 'useapi.net (deprecated)',
};

/** Quick pick over the providers, useapi's item carrying the deprecation notice. */
export async function pickProvider(placeHolder: string, only?: ProviderName[]): Promise<ProviderName> {
  const items = [
    { label: PROVIDER_LABELS.ltx, description: 'LTX API key from console.ltx.io', provider: 'ltx' as const },
    {
      label: PROVIDER_LABELS.useapi,
      description: 'useapi.net API token',
      detail: `$(warning) ${USEAPI_DEPRECATION_NOTICE}`,
      provider: 'useapi' as const,
    },
  ].filter((i) => only === undefined || only.includes(i.provider));
  const picked = await vscode.window.showQuickPick(items, { placeHolder, matchOnDetail: false });
  return orCancel(picked).provider;
}

/** ltxJobs.setApiKey [{provider, apiKey?}]: stores a key in secret storage (no UI when apiKey is given). */
export async function setApiKey(services: Services, arg?: unknown): Promise<void> {
  const parsed =
    arg === undefined ? undefined : parseArg(ProviderArgSchema, arg, 'The argument of "Set API Key"');
  const provider = parsed?.provider ?? (await pickProvider('Which API is the key for?'));
  const apiKey =
    parsed?.apiKey ??
    orCancel(
      await vscode.window.showInputBox({
        title: `API key for ${PROVIDER_LABELS[provider]}`,
        prompt: 'Kept in VS Code secret storage; never written to settings or logs.',
        password: true,
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim() === '' ? 'The key cannot be empty' : undefined),
      }),
    );
  await services.apiKeys.set(provider, apiKey);
  services.logger.info(`API key for ${provider} stored in secret storage`);
  if (parsed?.apiKey === undefined) {
    void vscode.window.showInformationMessage(`LTX Jobs: API key for ${PROVIDER_LABELS[provider]} saved.`);
  }
  services.store.resume();
}
