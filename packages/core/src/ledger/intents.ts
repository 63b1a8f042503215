import { currentOwner, isOwnerAlive, type ProcessOwner } from '../fs/process-owner.js';
import type { ProviderName } from '../job.js';
import type { SubmitIntent } from './intent-schema.js';
import { sanitizeForLedger } from './sanitize.js';

/**
 * What a submit does before it can have a job id:
 * - `preparing`: the input hash is claimed, local media may be uploading; nothing billed was sent.
 * - `posting`: the billed POST is (or was) on its way; from here on the provider may have made a job.
 * - `interrupted`: the POST went out but no usable answer came back (the connection dropped after the
 *   body was sent, the answer was malformed, the wait timed out). The job may exist and be billed.
 */
export const INTENT_STAGES = ['preparing', 'posting', 'interrupted'] as const;
export type IntentStage = (typeof INTENT_STAGES)[number];

export type { SubmitIntent } from './intent-schema.js';

/**
 * How a front end shows an intent:
 * - `submitting`: its process still runs and has not given up (show as in progress);
 * - `interrupted`: "submit interrupted — may have been billed" (its process died after the POST went
 *   out, or the POST got no usable answer). A resubmit of the same input is refused unless the user
 *   allows a duplicate.
 */
export type IntentState = 'submitting' | 'interrupted';

/** An intent with its {@link IntentState}, as `Ledger.intents()` and `JobRunner.intents()` list them. */
export interface SubmitIntentView extends SubmitIntent {
  state: IntentState;
  /** True when the provider lets a lost job be found again (useapi, by the `replyRef` marker). */
  recoverable: boolean;
}

/** The text front ends show for an interrupted submit. */
export const INTERRUPTED_TEXT = 'submit interrupted — may have been billed';

/** `submitting`, `interrupted`, or `abandoned` (claimed by a process that died before sending anything). */
export function intentState(intent: SubmitIntent): IntentState | 'abandoned' {
  if (intent.stage === 'interrupted') return 'interrupted';
  if (isOwnerAlive(intent.owner as ProcessOwner)) return 'submitting';
  return intent.stage === 'posting' ? 'interrupted' : 'abandoned';
}

/** The view of a live intent (undefined for an abandoned one). */
export function viewIntent(intent: SubmitIntent): SubmitIntentView | undefined {
  const state = intentState(intent);
  if (state === 'abandoned') return undefined;
  return { ...intent, state, recoverable: intent.provider === 'useapi' && intent.marker !== undefined };
}

/** A new intent of this process in stage `preparing`. */
export function newIntent(fields: {
  id: string;
  inputHash: string;
  provider: ProviderName;
  endpoint: string;
  name?: string | undefined;
  requestFile?: string | undefined;
  outputDir?: string | undefined;
  request?: unknown;
  exclusive: boolean;
  now: number;
}): SubmitIntent {
  const { id, inputHash, provider, endpoint, name, requestFile, outputDir, exclusive, now } = fields;
  const request = fields.request === undefined ? undefined : sanitizeForLedger(fields.request);
  return {
    v: 1,
    id,
    inputHash,
    provider,
    endpoint,
    ...(name === undefined ? {} : { name }),
    ...(requestFile === undefined ? {} : { requestFile }),
    ...(outputDir === undefined ? {} : { outputDir }),
    ...(request === undefined ? {} : { request }),
    claimedAt: new Date(now).toISOString(),
    stage: 'preparing',
    owner: currentOwner(),
    exclusive,
  };
}

/**
 * Durable storage of submit intents next to a ledger. `create` with an exclusive intent is atomic
 * across processes: of several creating an exclusive intent for one input hash at once, one wins and
 * the others get the holder back. An abandoned holder (its process died before the POST) does not block.
 */
export interface IntentStore {
  /** Every intent on record (unreadable ones are skipped). */
  list(): Promise<SubmitIntent[]>;
  /** Writes `intent` durably; for an exclusive one, `{ ok: false, holder }` when the hash is claimed. */
  create(intent: SubmitIntent): Promise<{ ok: true } | { ok: false; holder: SubmitIntent }>;
  /** Rewrites an intent durably (same id). */
  update(intent: SubmitIntent): Promise<void>;
  /** Forgets an intent (no-op when gone). */
  remove(intent: SubmitIntent): Promise<void>;
}

/** An {@link IntentStore} in memory: exclusive within this process only (tests, the extension's empty window). */
export function createMemoryIntentStore(): IntentStore {
  const intents = new Map<string, SubmitIntent>();
  return {
    list: async () => [...intents.values()].map((i) => structuredClone(i)),
    async create(intent) {
      if (intent.exclusive) {
        for (const other of intents.values()) {
          if (other.exclusive && other.inputHash === intent.inputHash && intentState(other) !== 'abandoned')
            return { ok: false, holder: structuredClone(other) };
        }
      }
      intents.set(intent.id, structuredClone(intent));
      return { ok: true };
    },
    async update(intent) {
      intents.set(intent.id, structuredClone(intent));
    },
    async remove(intent) {
      intents.delete(intent.id);
    },
  };
}
