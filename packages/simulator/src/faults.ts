import type { ApiName, Operation } from './types.js';

/** Which requests a {@link FaultRule} applies to. Default: every ltx and useapi request (not storage). */
export interface FaultWhere {
  api?: ApiName | readonly ApiName[];
  op?: Operation | readonly Operation[];
}

interface RuleBase {
  /** How many matching requests this rule shapes before it is used up. Default 1; `Infinity` = always. */
  times?: number;
  where?: FaultWhere;
}

/**
 * A server-level fault, consumed by the next matching requests:
 * - `http-error`: answer with `status` (default 500; 503 and 529 too) in the API's own error envelope.
 * - `rate-limit`: 429 `rate_limit_error` with `Retry-After: retryAfterSeconds` (default 1 s).
 * - `insufficient-funds`: 402 `insufficient_funds_error` (default `where.op`: `submit`).
 * - `reset`: destroy the socket; `after: true` runs the handler first (a submit creates its job), then
 *   resets instead of answering. Default `after: false`.
 * - `delay`: wait `ms` milliseconds before handling; with `after: true`, handle at once (a submit
 *   creates its job) and hold the JSON answer back `ms` milliseconds.
 * - `malformed-json`: answer with the first half of the JSON body (still status 2xx/4xx as usual).
 */
export type FaultRule =
  | (RuleBase & { type: 'http-error'; status?: 500 | 502 | 503 | 529 })
  | (RuleBase & { type: 'rate-limit'; retryAfterSeconds?: number })
  | (RuleBase & { type: 'insufficient-funds' })
  | (RuleBase & { type: 'reset'; after?: boolean })
  | (RuleBase & { type: 'delay'; ms: number; after?: boolean })
  | (RuleBase & { type: 'malformed-json' });

/** What the fault stage decided for one request. */
export interface FaultDecision {
  /** Total delay before handling, milliseconds. */
  delayMs: number;
  /** A rule that answers instead of the handler (error, 429, 402, reset before handling). */
  shortCircuit?: FaultRule;
  /** Truncate the JSON answer. */
  malformed: boolean;
  /** Run the handler, then reset instead of answering. */
  resetAfter: boolean;
  /** Run the handler, then hold the JSON answer back this long, ms. */
  answerDelayMs?: number;
}

const DEFAULT_APIS: readonly ApiName[] = ['ltx', 'useapi'];

function asList<T>(value: T | readonly T[] | undefined): readonly T[] | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? (value as readonly T[]) : [value as T];
}

function matches(rule: FaultRule, api: ApiName, op: Operation): boolean {
  const apis = asList(rule.where?.api) ?? DEFAULT_APIS;
  const defaultOps: readonly Operation[] | undefined =
    rule.type === 'insufficient-funds' ? ['submit'] : undefined;
  const ops = asList(rule.where?.op) ?? defaultOps;
  return apis.includes(api) && (ops === undefined || ops.includes(op));
}

/** The live list of server-level fault rules; each match uses up one of the rule's `times`. */
export class FaultBook {
  private rules: { rule: FaultRule; left: number }[] = [];

  /** Replaces every pending rule. */
  set(rules: readonly FaultRule[]): void {
    this.rules = rules.map((rule) => ({ rule, left: rule.times ?? 1 }));
  }

  /** Appends one rule. */
  add(rule: FaultRule): void {
    this.rules.push({ rule, left: rule.times ?? 1 });
  }

  /** The rules not used up yet, with how many uses each has left. */
  pending(): { rule: FaultRule; left: number }[] {
    return this.rules.filter((r) => r.left > 0).map((r) => ({ ...r }));
  }

  /** Decides and consumes the faults for one request. */
  decide(api: ApiName, op: Operation): FaultDecision {
    const decision: FaultDecision = { delayMs: 0, malformed: false, resetAfter: false };
    for (const entry of this.rules) {
      if (entry.left <= 0 || !matches(entry.rule, api, op)) continue;
      const rule = entry.rule;
      if (rule.type === 'delay' && rule.after === true)
        decision.answerDelayMs = (decision.answerDelayMs ?? 0) + rule.ms;
      else if (rule.type === 'delay') decision.delayMs += rule.ms;
      else if (rule.type === 'malformed-json') decision.malformed = true;
      else if (rule.type === 'reset' && rule.after === true) decision.resetAfter = true;
      else if (decision.shortCircuit === undefined) decision.shortCircuit = rule;
      else continue;
      entry.left -= 1;
    }
    this.rules = this.rules.filter((r) => r.left > 0);
    return decision;
  }
}

/** Faults of one job, from the `jobFaults` option (by job index) or `[sim:...]` directives in its prompt. */
export interface JobFaults {
  /** The job fails with this error type (e.g. `content_filtered_error`, `api_error`). */
  fail?: string;
  /** Message of that failure; default: a stock message per type. */
  failMessage?: string;
  /** Reported instead of `pending`/`processing` (LTX) or `active` (useapi) while the job runs. */
  unknownStatus?: string;
  /** useapi: the first N reads after completion say `completed` without an artifact. Default 0. */
  noArtifactPolls?: number;
  /** The first download of the job's artifact stops after half the bytes (once). */
  cutDownload?: boolean;
  /** Every download of the job's artifact trickles at this many bytes per second (a slow or hostile host). */
  slowDownload?: number;
  /** The submit is refused with 402 `insufficient_funds_error`; no job is created. */
  insufficientFunds?: boolean;
  /** Override of the server's pending phase for this job, milliseconds. */
  pendingMs?: number;
  /** Override of the server's processing phase for this job, milliseconds. */
  processingMs?: number;
  /** Override of the server's retention after the job ends, milliseconds. */
  retentionMs?: number;
  /** LTX: the completed job's result URL is this string instead of a signed storage URL (e.g. `ftp://…`). */
  resultUrl?: string;
}

/** Stock messages for failure types, matching the wording of the public docs where known. */
export const FAILURE_MESSAGES: Record<string, string> = {
  content_filtered_error: 'Content was filtered by safety systems',
  insufficient_funds_error: 'Insufficient funds. Required: 120 credits',
  api_error: 'Generation failed because of an internal error',
};

/** The message for a failure type. */
export function failureMessage(type: string, override?: string): string {
  return override ?? FAILURE_MESSAGES[type] ?? `Simulated failure (${type})`;
}
