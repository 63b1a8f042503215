import { type ApiKeyCheck, type ProviderName, USEAPI_DEPRECATION_NOTICE } from '@ltx-jobs/core';
import * as vscode from 'vscode';
import type { Services } from '../services/services.js';
import { PROVIDER_NAMES } from '../view-model/format.js';
import { isTreeNode, ProviderArgSchema, parseArg, parseItemArg, titleArg } from './args.js';
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

/** Why a key was refused, for the input box and messages. Never contains the key. */
export function rejectedText(provider: ProviderName): string {
  const where = provider === 'ltx' ? 'the LTX Developer Console (console.ltx.io)' : 'useapi.net';
  return `${PROVIDER_NAMES[provider]} rejected this key. Paste the key from ${where}.`;
}

/**
 * ltxJobs.setApiKey [{provider, apiKey?}]: checks the key with the provider (a status read of a job
 * that does not exist: never billed), then stores it in secret storage. A rejected key is not
 * stored: the input box stays open and says so (given as an argument, the command fails). A key
 * that could not be checked (network) is stored, with a warning. A row of the Jobs view (what VS
 * Code hands the view's title menu) is ignored.
 */
export async function setApiKey(services: Services, given?: unknown): Promise<void> {
  const arg = titleArg(given);
  const parsed =
    arg === undefined || arg === null
      ? undefined
      : parseArg(ProviderArgSchema, arg, 'The argument of "Set API Key"');
  // From a job row that needs a key ("needs an API key"): that job's provider.
  const fromRow = arg === undefined && isTreeNode(given) ? jobProvider(services, given) : undefined;
  const provider = parsed?.provider ?? fromRow ?? (await pickProvider('Which API is the key for?'));
  let check: ApiKeyCheck;
  if (parsed?.apiKey !== undefined) {
    check = await services.checkKey(provider, parsed.apiKey.trim());
    if (check.verdict === 'rejected') throw new Error(`${rejectedText(provider)} It was not saved.`);
    await services.apiKeys.set(provider, parsed.apiKey);
  } else {
    const entered = orCancel(await askForKey(services, provider));
    check = entered.check;
    await services.apiKeys.set(provider, entered.key);
  }
  services.logger.info(`API key for ${provider} stored in secret storage (${check.verdict})`);
  if (check.verdict === 'unverified') {
    void vscode.window.showWarningMessage(
      `LTX Jobs: API key for ${PROVIDER_NAMES[provider]} saved, but it could not be checked: ${check.message}`,
    );
  } else if (parsed?.apiKey === undefined) {
    void vscode.window.showInformationMessage(
      `LTX Jobs: API key for ${PROVIDER_LABELS[provider]} saved; ${PROVIDER_NAMES[provider]} accepted it.`,
    );
  }
  services.store.resume();
}

/**
 * A password box that checks the key when Enter is pressed and stays open with the reason while the
 * provider rejects it. Resolves undefined when the user closes it.
 */
function askForKey(
  services: Services,
  provider: ProviderName,
): Promise<{ key: string; check: ApiKeyCheck } | undefined> {
  return new Promise((resolve) => {
    const box = vscode.window.createInputBox();
    box.title = `API key for ${PROVIDER_LABELS[provider]}`;
    box.prompt =
      'Kept in VS Code secret storage; never written to settings or logs. Checked with the provider (not billed).';
    box.password = true;
    box.ignoreFocusOut = true;
    let done = false;
    const finish = (value: { key: string; check: ApiKeyCheck } | undefined) => {
      if (done) return;
      done = true;
      resolve(value);
      box.dispose();
    };
    box.onDidChangeValue((value) => {
      box.validationMessage = value.trim() === '' ? 'The key cannot be empty' : undefined;
    });
    box.onDidAccept(async () => {
      const key = box.value.trim();
      if (key === '' || box.busy) return;
      box.busy = true;
      box.enabled = false;
      box.validationMessage = undefined;
      const check = await services.checkKey(provider, key);
      box.busy = false;
      box.enabled = true;
      if (check.verdict === 'rejected') {
        services.logger.warn(`${provider} rejected the key entered in "Set API Key": ${check.message}`);
        box.validationMessage = rejectedText(provider);
        return;
      }
      finish({ key, check });
    });
    box.onDidHide(() => finish(undefined));
    box.show();
  });
}

/** The provider of the job a tree row belongs to, when it is a job's row. */
function jobProvider(services: Services, node: unknown): ProviderName | undefined {
  try {
    return services.store.get(parseItemArg(node).ref)?.provider;
  } catch {
    return undefined;
  }
}
