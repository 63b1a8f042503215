import { type ApiKeyCheck, checkApiKey, createDeps, type Logger, type ProviderName } from '@ltx-jobs/core';
import { createLtxClient, createUseapiClient } from './provider-clients.js';
import { readSettings } from './settings.js';

/**
 * Checks `apiKey` with its provider at the current base URL without billing anything (one status
 * read of a job that does not exist; see core's `checkApiKey`). A base URL the core refuses makes
 * the check `unverified`, with why.
 */
export async function checkKey(provider: ProviderName, apiKey: string, logger: Logger): Promise<ApiKeyCheck> {
  const deps = createDeps({ logger });
  const settings = readSettings();
  try {
    const client =
      provider === 'ltx'
        ? createLtxClient({ apiKey, baseUrl: settings.ltxBaseUrl, deps, timeoutMs: 15_000 })
        : createUseapiClient({ apiToken: apiKey, baseUrl: settings.useapiBaseUrl, deps, timeoutMs: 15_000 });
    return await checkApiKey(client);
  } catch (error) {
    return { verdict: 'unverified', message: error instanceof Error ? error.message : String(error) };
  }
}
