import { randomBytes } from 'node:crypto';
import { DuplicateSubmitError } from '../errors/duplicate-submit-error.js';
import type { ProviderName } from '../job.js';
import {
  type IntentStore,
  intentState,
  newIntent,
  type SubmitIntent,
  type SubmitIntentView,
  viewIntent,
} from './intents.js';
import type { JobRecord } from './types.js';

/** What a submit tells the ledger when it claims its input. */
export interface ClaimRequest {
  inputHash: string;
  provider: ProviderName;
  endpoint: string;
  name?: string | undefined;
  requestFile?: string | undefined;
  outputDir?: string | undefined;
  /** The request as written in the file (kept, cleaned, so a recovered job has it). */
  request?: unknown;
  /** Submit even when the input was submitted before or another submit of it runs (billed again). */
  allowDuplicate: boolean;
}

/**
 * A submit between its claim and its job record. Each step is durable when its promise resolves:
 * call `posting` right before every POST, then exactly one of `complete` (the job is recorded),
 * `release` (nothing billed was sent, or the provider refused it) or `interrupted` (the POST went out
 * and its fate is unknown). `refused` undoes `posting` after an answer that says no job was made,
 * when the POST will be tried again.
 */
export interface SubmitClaim {
  /** The intent as last written. */
  readonly intent: SubmitIntent;
  posting(marker?: string): Promise<void>;
  refused(): Promise<void>;
  interrupted(reason: string): Promise<void>;
  complete(): Promise<void>;
  release(): Promise<void>;
}

/** What {@link claimSubmit} needs of the ledger. */
export interface ClaimContext {
  intents: IntentStore;
  /** Reads what other processes recorded (records and intents) since the last look. */
  refresh(): Promise<void>;
  recordsWithHash(inputHash: string): JobRecord[];
  intentViews(): SubmitIntentView[];
  /** Called after every write of the intent, so the ledger's list of intents follows. */
  changed(): Promise<void>;
  /** One of this process's intents changed: shown as it is now, without reading them all again. */
  updated?(intent: SubmitIntent): void;
  now(): number;
}

/** The DuplicateSubmitError for an input that another intent holds. */
export function duplicateOfIntent(intent: SubmitIntentView): DuplicateSubmitError {
  const who = intent.name ? `"${intent.name}"` : 'this request';
  if (intent.state === 'submitting') {
    return new DuplicateSubmitError(`intent:${intent.id}`, intent.inputHash, {
      intent,
      message: `An identical request (${who}) is being submitted right now by process ${intent.owner.pid} on ${intent.owner.host} (since ${intent.claimedAt}); submitting it again would bill twice`,
    });
  }
  const why = intent.reason ?? 'the process ended before the answer was recorded';
  const unrecoverable =
    intent.provider === 'ltx'
      ? ". LTX's API cannot list jobs, so that job cannot be recovered here: look for it in your LTX account"
      : '';
  return new DuplicateSubmitError(`intent:${intent.id}`, intent.inputHash, {
    intent,
    message: `An earlier submit of ${who} was interrupted after it was sent (${why}, at ${intent.postedAt ?? intent.claimedAt}) and may have been billed${unrecoverable}. Submitting it again may bill a second job`,
  });
}

function check(context: ClaimContext, request: ClaimRequest, ownId?: string): void {
  const previous = context
    .recordsWithHash(request.inputHash)
    .sort((a, b) => (a.submittedAt < b.submittedAt ? 1 : -1))[0];
  if (previous) throw new DuplicateSubmitError(previous.ref, request.inputHash);
  const holder = context.intentViews().find((i) => i.inputHash === request.inputHash && i.id !== ownId);
  if (holder) throw duplicateOfIntent(holder);
}

/**
 * Claims `request.inputHash` for one submit and writes its intent (stage `preparing`) durably. Unless
 * `allowDuplicate`, the claim is exclusive: of several processes claiming the same input at once, one
 * gets it and the others get a DuplicateSubmitError; so does a submit of an input the ledger already
 * holds (checked again after the claim, so a record another process wrote meanwhile is seen).
 */
export async function claimSubmit(request: ClaimRequest, context: ClaimContext): Promise<SubmitClaim> {
  const exclusive = !request.allowDuplicate;
  await context.refresh();
  if (exclusive) check(context, request);
  let intent = newIntent({
    ...request,
    id: randomBytes(8).toString('hex'),
    exclusive,
    now: context.now(),
  });
  const created = await context.intents.create(intent);
  if (!created.ok) {
    const view = viewIntent(created.holder);
    throw duplicateOfIntent(view ?? { ...created.holder, state: 'submitting', recoverable: false });
  }
  if (exclusive) {
    try {
      await context.refresh();
      check(context, request, intent.id);
    } catch (error) {
      await context.intents.remove(intent);
      throw error;
    }
  }
  const write = async (next: SubmitIntent) => {
    await context.intents.update(next);
    intent = next;
    // The `posting` mark is on the way to the POST (a run's next job waits on it for its freed slot):
    // the view takes the intent as written, without reading every intent again (that re-read, which
    // also drops stale intents with an fsync each, made most of a slot's handover time).
    if (next.stage === 'posting' && context.updated) context.updated(next);
    else await context.changed();
  };
  let settled = false;
  const settle = async () => {
    if (settled) return;
    settled = true;
    await context.intents.remove(intent);
    await context.changed();
  };
  return {
    get intent() {
      return intent;
    },
    posting: (marker) =>
      write({
        ...intent,
        stage: 'posting',
        postedAt: new Date(context.now()).toISOString(),
        ...(marker === undefined ? {} : { marker }),
      }),
    refused: () => write({ ...intent, stage: 'preparing' }),
    interrupted: (reason) => write({ ...intent, stage: 'interrupted', reason }),
    complete: settle,
    release: settle,
  };
}

/** True when `intent` can be dropped: its process died before it sent anything. */
export function isAbandoned(intent: SubmitIntent): boolean {
  return intentState(intent) === 'abandoned';
}
