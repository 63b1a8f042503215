import type { Deps } from '../deps.js';
import { UsageError } from '../errors/usage-error.js';
import { formatJobRef, jobRefOf } from '../job-ref.js';
import type { SubmitIntent } from '../ledger/intents.js';
import type { Ledger } from '../ledger/ledger.js';
import type { JobRecord } from '../ledger/types.js';
import type { ProviderClient, SubmitResult } from '../provider.js';

/** Asks the provider for the job of an interrupted submit by its marker; undefined when not found. */
export async function recoverIntent(
  client: ProviderClient,
  intent: SubmitIntent,
  deps: Pick<Deps, 'logger'>,
): Promise<SubmitResult | undefined> {
  if (!client.findSubmitted || intent.marker === undefined) return undefined;
  const found = await client.findSubmitted({
    marker: intent.marker,
    endpoint: intent.endpoint,
    ...(intent.postedAt === undefined ? {} : { postedAt: intent.postedAt }),
  });
  if (found)
    deps.logger.info('Found the job of an interrupted submit', { id: found.id, marker: intent.marker });
  return found;
}

/** The ledger record of a job found again for `intent` (the request as written; media refs as sent are lost). */
export function recoveredRecord(intent: SubmitIntent, result: SubmitResult, now: number): JobRecord {
  const { provider, endpoint } = intent;
  const at = new Date(now).toISOString();
  return {
    ref: formatJobRef(jobRefOf({ provider, endpoint, id: result.id })),
    provider,
    endpoint,
    id: result.id,
    ...(intent.name === undefined ? {} : { name: intent.name }),
    ...(intent.requestFile === undefined ? {} : { requestFile: intent.requestFile }),
    request: intent.request ?? null,
    inputHash: intent.inputHash,
    ...(intent.outputDir === undefined ? {} : { outputDir: intent.outputDir }),
    submittedAt: intent.postedAt ?? intent.claimedAt,
    job: result.job ?? {
      provider,
      endpoint,
      id: result.id,
      state: 'queued',
      artifacts: [],
      updatedAt: at,
      raw: result.raw,
    },
    downloads: [],
    watching: true,
    intentId: intent.id,
  };
}

/**
 * Recovers the interrupted submit `intentId` of `ledger`: finds its job at the provider and records it
 * (the intent goes). Throws UsageError saying why when it cannot: no such intent, a submit still in
 * progress, a provider that cannot list jobs (LTX), or no job found.
 */
export async function recoverInterrupted(
  ledger: Ledger,
  client: ProviderClient | undefined,
  intentId: string,
  deps: Pick<Deps, 'logger' | 'now'>,
): Promise<JobRecord> {
  await ledger.refresh();
  const intent = ledger.intents().find((i) => i.id === intentId);
  if (!intent) throw new UsageError(`No interrupted submit ${intentId} in the ledger`);
  if (intent.state !== 'interrupted') throw new UsageError(`The submit ${intentId} is still in progress`);
  if (intent.provider === 'ltx') {
    throw new UsageError(
      "LTX's API cannot list jobs, so an interrupted LTX submit cannot be recovered: look for the job in your LTX account, then track it by its id (ltx-jobs watch ltx:<endpoint>/<id>)",
    );
  }
  if (!client) throw new UsageError(`No ${intent.provider} client is configured (is its API key set?)`);
  const found = await recoverIntent(client, intent, deps);
  if (!found) {
    throw new UsageError(
      `No job with replyRef ${intent.marker ?? '(none)'} was found in useapi's scheduler or newest assets: it was probably not created`,
    );
  }
  const record = await ledger.record(recoveredRecord(intent, found, deps.now()));
  await ledger.dismissIntent(intent.id);
  return record;
}
