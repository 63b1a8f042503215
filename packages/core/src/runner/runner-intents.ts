import type { Deps } from '../deps.js';
import { DuplicateSubmitError } from '../errors/duplicate-submit-error.js';
import type { ProviderName } from '../job.js';
import type { SubmitIntentView } from '../ledger/intents.js';
import type { Ledger } from '../ledger/ledger.js';
import type { JobRecord } from '../ledger/types.js';
import type { ProviderClient } from '../provider.js';
import { recoverInterrupted } from './recover-intent.js';
import type { JobRunner } from './types.js';

/** What the runner's intent features need from it. */
export interface IntentFeatureContext {
  /** The ledger now (it may still be loading: see JobRunnerOptions.loadLedgerInBackground). */
  ledger(): Ledger;
  ready: Promise<void>;
  clients: Partial<Record<ProviderName, ProviderClient>>;
  deps: Deps;
  /** Tells the runner's `onDidChange` listeners about a record. */
  emit(ref: string, record: JobRecord | undefined): void;
}

/**
 * The runner's side of submit intents (see SubmitIntentView): listing, change events, recovery of an
 * interrupted useapi submit by its replyRef, dismissal, and the recovery a refused resubmit tries first.
 */
export function createIntentFeatures(context: IntentFeatureContext) {
  const listeners = new Set<(intents: SubmitIntentView[]) => void>();
  const { deps } = context;

  function changed(): void {
    const intents = context.ledger().intents();
    for (const listener of [...listeners]) {
      try {
        listener(intents);
      } catch (error) {
        deps.logger.error('onDidChangeIntents listener threw', { error: String(error) });
      }
    }
  }

  async function recover(intentId: string): Promise<JobRecord> {
    await context.ready;
    const ledger = context.ledger();
    const intent = ledger.intents().find((i) => i.id === intentId);
    const record = await recoverInterrupted(
      ledger,
      intent && context.clients[intent.provider],
      intentId,
      deps,
    );
    changed();
    context.emit(record.ref, record);
    return record;
  }

  /**
   * A resubmit refused because an earlier useapi submit of the same input was interrupted: looks for
   * that job by its replyRef first. Found, it is recorded and the refusal names it; not found, the
   * refusal says so. Always throws.
   */
  async function recoverBehind(error: DuplicateSubmitError, client: ProviderClient): Promise<never> {
    const intent = error.intent;
    if (intent?.state !== 'interrupted' || !intent.recoverable || !client.findSubmitted) throw error;
    let record: JobRecord;
    try {
      record = await recover(intent.id);
    } catch (failure) {
      const why = failure instanceof Error ? failure.message : String(failure);
      throw new DuplicateSubmitError(error.previousRef, error.inputHash, {
        intent,
        message: `${error.message}. ${why}`,
      });
    }
    throw new DuplicateSubmitError(record.ref, error.inputHash, {
      message: `An earlier submit of this request was interrupted, and its job was found again at useapi by its replyRef: ${record.ref}; submitting again would bill again`,
    });
  }

  const api: Pick<JobRunner, 'intents' | 'recover' | 'dismissIntent' | 'onDidChangeIntents'> = {
    intents: () => context.ledger().intents(),
    recover,
    async dismissIntent(intentId) {
      await context.ready;
      await context.ledger().dismissIntent(intentId);
      changed();
    },
    onDidChangeIntents(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return { api, changed, recoverBehind, clear: () => listeners.clear() };
}
