import { PROVIDERS, type ProviderName } from '@ltx-jobs/core';
import * as vscode from 'vscode';

/** Secret storage key of a provider's API key (`ltxJobs.apiKey.ltx`, `ltxJobs.apiKey.useapi`). */
export function secretKey(provider: ProviderName): string {
  return `ltxJobs.apiKey.${provider}`;
}

/** API keys in `context.secrets` only; never in settings, logs or the ledger. */
export class ApiKeys implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after a key was stored or deleted (here or in another window). */
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange((e) => {
      if (e.key.startsWith('ltxJobs.apiKey.')) this.changed.fire();
    });
  }

  get(provider: ProviderName): Thenable<string | undefined> {
    return this.secrets.get(secretKey(provider));
  }

  async set(provider: ProviderName, apiKey: string): Promise<void> {
    await this.secrets.store(secretKey(provider), apiKey.trim());
  }

  async clear(provider: ProviderName): Promise<void> {
    await this.secrets.delete(secretKey(provider));
  }

  /** The providers that have a key. */
  async configured(): Promise<ProviderName[]> {
    const found = await Promise.all(PROVIDERS.map(async (p) => ((await this.get(p)) ? p : undefined)));
    return found.filter((p): p is ProviderName => p !== undefined);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
