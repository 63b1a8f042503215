import { basename } from 'node:path';
import type { Deps } from '../deps.js';
import { LtxJobsError } from '../errors/ltx-jobs-error.js';
import { SubmitInterruptedError } from '../errors/submit-interrupted-error.js';
import { UsageError } from '../errors/usage-error.js';
import { type SubmitIntentView, viewIntent } from '../ledger/intents.js';
import type { Ledger } from '../ledger/ledger.js';
import type { SubmitClaim } from '../ledger/submit-claim.js';
import type { JobRecord } from '../ledger/types.js';
import { submitOnce } from '../lifecycle/submit-step.js';
import type { ProviderClient, SubmitResult } from '../provider.js';
import type { RequestFile } from '../request-file/types.js';
import { runInputHash } from '../runs/input-hash.js';
import { findTakeParent } from '../takes/find-parent.js';
import { submittedRecord } from './new-records.js';
import { recoverIntent } from './recover-intent.js';
import type { SubmitQueue, SubmitSlot } from './submit-queue.js';
import type { SubmitOptions, SubmitPhase } from './types.js';

export { surelyNotCreated } from '../lifecycle/submit-step.js';

/** What one submit needs from the runner. */
export interface SubmitContext {
  ledger: Ledger;
  deps: Deps;
  queue: SubmitQueue;
  client: ProviderClient;
  /** The caller's signal joined with the runner's lifetime. */
  signal: AbortSignal;
  /** Called before waiting for a submit slot (the runner polls slot holders so their end frees it). */
  beforeSlot(): void;
  /** Called whenever the intents changed. */
  intentsChanged(): void;
  /**
   * Runs the claims (and, separately, the `posting` marks) of this runner's submits one at a time in
   * call order, so that submits started together reach the provider in the order they were made.
   */
  inOrder: { claims: OrderedSteps; posts: OrderedSteps };
}

/** Runs async steps one after another, in the order they were handed in. */
export interface OrderedSteps {
  run<T>(step: () => Promise<T>): Promise<T>;
}

/** An {@link OrderedSteps}: a step starts when the one before it has settled. */
export function orderedSteps(): OrderedSteps {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run(step) {
      const result = tail.then(step);
      tail = result.catch(() => undefined);
      return result;
    },
  };
}

/** Calls `options.onPhase`; a listener that throws is logged, never the submit's failure. */
function phaseTeller(options: SubmitOptions, deps: Deps): (phase: SubmitPhase) => void {
  return (phase) => {
    try {
      options.onPhase?.(phase);
    } catch (error) {
      deps.logger.error('onPhase listener threw', { error: String(error) });
    }
  };
}

/** The `replyRef` marker a useapi submit carries so that its job can be found if the answer is lost. */
export function markerOf(intentId: string): string {
  return `ltx-jobs:${intentId}`;
}

/**
 * One submit, with its intent (issue 9 item 5): claims the input hash (DuplicateSubmitError when it is
 * taken), uploads local media, marks the intent `posting` durably right before each POST, sends it
 * through the provider's queue, records the job the moment its id is known, and only then removes the
 * intent. A POST whose fate is unknown leaves the intent `interrupted` and throws
 * SubmitInterruptedError, unless the provider can find the job by its marker (useapi), in which case
 * it is recorded as if the answer had come. Returns the record and the submit slot it holds, if any.
 */
export async function submitWithIntent(
  context: SubmitContext,
  file: RequestFile,
  options: SubmitOptions,
): Promise<{ record: JobRecord; slot: SubmitSlot | undefined }> {
  const { ledger, client, deps, signal } = context;
  if (file.variations !== undefined) {
    throw new UsageError(
      'This request file has variations: submit it as a run (planRun), one job per variant',
    );
  }
  const inputHash = runInputHash(file, options.run);
  const name =
    file.name ??
    (options.requestFile ? basename(options.requestFile).replace(/\.ltx\.json$/i, '') : undefined);
  const claim = await context.inOrder.claims.run(() =>
    ledger.claimSubmit({
      inputHash,
      provider: file.provider,
      endpoint: file.endpoint,
      name,
      requestFile: options.requestFile,
      outputDir: options.outputDir,
      request: file.request,
      allowDuplicate: options.allowDuplicate === true,
    }),
  );
  context.intentsChanged();
  let body: Record<string, unknown>;
  let parent: SubmitOptions['parent'];
  try {
    parent =
      options.parent ?? (await findTakeParent(file.provider, file.endpoint, file.request, options.baseDir));
    body = await client.resolveMedia(file.endpoint, file.request, { baseDir: options.baseDir, signal });
  } catch (error) {
    await settle(context, claim.release());
    throw error;
  }
  // useapi echoes `replyRef` in its scheduler and status: with it, a lost answer can be found again.
  const marker = typeof body.replyRef === 'string' ? body.replyRef : markerOf(claim.intent.id);
  if (file.provider === 'useapi' && body.replyRef === undefined) body = { ...body, replyRef: marker };
  context.beforeSlot();
  const tell = phaseTeller(options, deps);
  const { queue } = context;
  if (queue.inUse(file.provider) >= queue.limit(file.provider) || queue.waiting(file.provider) > 0) {
    tell({
      phase: 'waiting-for-slot',
      running: queue.inUse(file.provider),
      limit: queue.limit(file.provider),
    });
  }
  let result: SubmitResult;
  let slot: SubmitSlot | undefined;
  try {
    // The POST itself gets no signal: once sent, we wait for the id so the billed job is recorded.
    ({ value: result, slot } = await context.queue.submit(
      file.provider,
      async () => {
        tell({ phase: 'sending' });
        await context.inOrder.posts.run(() => claim.posting(file.provider === 'useapi' ? marker : undefined));
        const sent = await submitOnce(client, file.endpoint, body);
        if (sent.outcome === 'submitted') return sent.result;
        if (sent.outcome === 'refused') await claim.refused();
        throw sent.error;
      },
      { signal },
    ));
  } catch (error) {
    if (claim.intent.stage !== 'posting') {
      await settle(context, claim.release());
      throw error;
    }
    const found = await findLost(context, claim, error);
    if (!found) throw await interrupted(context, claim, error);
    result = found;
  }
  const withParent = parent === undefined ? options : { ...options, parent };
  const record = submittedRecord(file, withParent, result, body, inputHash, deps.now());
  let stored: JobRecord;
  try {
    stored = await ledger.record({ ...record, intentId: claim.intent.id });
  } catch (error) {
    slot?.release();
    const reason = error instanceof Error ? error.message : String(error);
    throw new LtxJobsError(
      `Job ${record.ref} was submitted (and is billed) but could not be written to the ledger: ${reason}. Track it by its ref.`,
      'config',
      { cause: error },
    );
  }
  await settle(context, claim.complete());
  return { record: stored, slot };
}

async function settle(context: SubmitContext, step: Promise<void>): Promise<void> {
  await step.catch((error: unknown) =>
    context.deps.logger.warn('Could not update a submit intent', { error: String(error) }),
  );
  context.intentsChanged();
}

/** A POST with an unknown fate: asks the provider for the job by its marker (useapi) before giving up. */
async function findLost(context: SubmitContext, claim: SubmitClaim, error: unknown) {
  const { intent } = claim;
  if (!context.client.findSubmitted || intent.marker === undefined) return undefined;
  context.deps.logger.warn('The submit answer was lost; looking for the job by its replyRef', {
    marker: intent.marker,
    error: String(error),
  });
  return recoverIntent(context.client, intent, context.deps).catch(() => undefined);
}

async function interrupted(context: SubmitContext, claim: SubmitClaim, error: unknown): Promise<Error> {
  const detail = error instanceof Error ? error.message : String(error);
  await settle(context, claim.interrupted(detail));
  const view: SubmitIntentView = viewIntent(claim.intent) ?? {
    ...claim.intent,
    state: 'interrupted',
    recoverable: false,
  };
  const where =
    claim.intent.provider === 'ltx'
      ? "LTX's API cannot list jobs, so it cannot be recovered: look for it in your LTX account"
      : `no job with replyRef ${claim.intent.marker ?? '?'} was found yet; \`ltx-jobs list\` shows it as interrupted`;
  return new SubmitInterruptedError(
    `The submit was sent but its answer was lost (${detail}). The job may have been created and billed; ${where}. Submitting the same file again is refused unless you pass --allow-duplicate`,
    view,
    { cause: error },
  );
}
