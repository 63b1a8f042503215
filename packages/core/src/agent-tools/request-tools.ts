import type { z } from 'zod';
import { CostLimitError, checkDailyBudget, isCostLimitError } from '../cost/cost-limit-error.js';
import { spentToday } from '../cost/spend.js';
import { isKnownCost } from '../cost/types.js';
import { isDuplicateSubmitError } from '../errors/duplicate-submit-error.js';
import { UsageError } from '../errors/usage-error.js';
import { costRefusal, quoteOf, tightestLimit } from './cost-guard.js';
import { estimateLoadedRequest } from './estimate.js';
import type { AgentHost, CallContext } from './host.js';
import { jobLine, jobViewOf } from './job-view.js';
import { checkRequestSource, issueLines, type LoadedRequest } from './request-source.js';
import {
  type EstimateOutputSchema,
  MAX_WAIT_SECONDS,
  type RequestSource,
  type SubmitInput,
  type SubmitOutputSchema,
  type ValidateOutput,
} from './schemas.js';

/** A tool's structured output and one paragraph for people (and for models that read text only). */
export interface ToolAnswer<T> {
  output: T;
  summary: string;
}

function modelOf(request: Record<string, unknown> | undefined): string | undefined {
  return typeof request?.model === 'string' ? request.model : undefined;
}

/** One `warning: file:line:col: $.path: message` line per warning. */
function warningLines(loaded: LoadedRequest): string[] {
  return loaded.warnings.length === 0 ? [] : [issueLines(loaded.source, loaded.warnings, 'warning: ')];
}

/** What the request is, in the order a person checks it before paying: file, endpoint, model. */
function describeRequest(loaded: LoadedRequest): string {
  const model = modelOf(loaded.file.request);
  return `${loaded.source}: ${loaded.file.provider} ${loaded.file.endpoint}${model ? `, ${model}` : ''}`;
}

/** `ltx_validate`: every problem at its JSON path, or valid (with warnings). Sends nothing. */
export async function validateTool(
  host: AgentHost,
  input: RequestSource,
): Promise<ToolAnswer<ValidateOutput>> {
  const check = await checkRequestSource(input, host);
  if (!check.ok) {
    const { partial } = check;
    const model = modelOf(partial.request);
    return {
      output: {
        valid: false,
        source: check.source,
        ...(partial.provider ? { provider: partial.provider } : {}),
        ...(partial.endpoint ? { endpoint: partial.endpoint } : {}),
        ...(model ? { model } : {}),
        issues: check.issues,
        warnings: [],
      },
      summary: `Not valid (${check.issues.length} problem${check.issues.length === 1 ? '' : 's'}); nothing can be sent until fixed:\n${issueLines(check.source, check.issues)}`,
    };
  }
  const { loaded } = check;
  const model = modelOf(loaded.file.request);
  return {
    output: {
      valid: true,
      source: loaded.source,
      provider: loaded.file.provider,
      endpoint: loaded.file.endpoint,
      ...(model ? { model } : {}),
      name: loaded.name,
      issues: [],
      warnings: loaded.warnings,
    },
    summary: [`Valid: ${describeRequest(loaded)}.`, ...warningLines(loaded)].join('\n'),
  };
}

/** Loads a request that must be valid; an invalid one is a UsageError listing each problem. */
async function loadValid(host: AgentHost, input: RequestSource): Promise<LoadedRequest> {
  const check = await checkRequestSource(input, host);
  if (check.ok) return check.loaded;
  throw new UsageError(
    `The request is not valid; nothing was sent. Fix it (ltx_validate lists the same problems):\n${issueLines(check.source, check.issues)}`,
  );
}

/** `ltx_estimate`: the cost estimate and its quote id. Sends nothing. */
export async function estimateTool(
  host: AgentHost,
  input: RequestSource,
): Promise<ToolAnswer<z.infer<typeof EstimateOutputSchema>>> {
  const loaded = await loadValid(host, input);
  const { view: estimate } = await estimateLoadedRequest(loaded);
  const quote = quoteOf(loaded, estimate);
  const model = modelOf(loaded.file.request);
  return {
    output: {
      source: loaded.source,
      provider: loaded.file.provider,
      endpoint: loaded.file.endpoint,
      ...(model ? { model } : {}),
      name: loaded.name,
      estimate,
      quote,
    },
    summary: `${describeRequest(loaded)}. Estimated cost: ${estimate.text}. Quote: ${quote} (pass it as confirmQuote to ltx_submit to accept this estimate).`,
  };
}

/**
 * `ltx_submit`: validates, estimates, applies the cost limit (the server's and the call's, unless the
 * call confirms this request's quote), then submits through the front end's jobs (recorded in the
 * ledger the moment the id is known).
 */
export async function submitTool(
  host: AgentHost,
  input: SubmitInput,
  context: CallContext = {},
): Promise<ToolAnswer<z.infer<typeof SubmitOutputSchema>>> {
  const loaded = await loadValid(host, input);
  const { view: estimate, cost } = await estimateLoadedRequest(loaded);
  const quote = quoteOf(loaded, estimate);
  const callLimit =
    input.maxCostUsd === undefined ? undefined : { usd: input.maxCostUsd, from: 'maxCostUsd' };
  const refusal = costRefusal(estimate, quote, tightestLimit(host.costLimit, callLimit), input.confirmQuote);
  if (refusal) throw new CostLimitError(refusal, 'max-cost');
  if (host.dailyBudget !== undefined) {
    const spent = spentToday(await host.jobs.list(), (host.now ?? Date.now)());
    try {
      checkDailyBudget(host.dailyBudget.usd, spent, isKnownCost(cost) ? cost.usd : 0);
    } catch (error) {
      if (!isCostLimitError(error)) throw error;
      throw new CostLimitError(
        `${error.message}. The budget is set by ${host.dailyBudget.from}.`,
        'daily-budget',
      );
    }
  }
  const outputDir = input.out === undefined ? host.outputDirFor(loaded) : host.resolvePath(input.out);
  context.progress?.(`Submitting ${describeRequest(loaded)}`);
  let record: Awaited<ReturnType<AgentHost['jobs']['submit']>>;
  try {
    record = await host.jobs.submit(loaded.file, {
      baseDir: loaded.baseDir,
      ...(loaded.requestFile === undefined ? {} : { requestFile: loaded.requestFile }),
      outputDir,
      allowDuplicate: input.allowDuplicate ?? false,
      estimate: cost,
      ...(context.signal === undefined ? {} : { signal: context.signal }),
    });
  } catch (error) {
    if (!isDuplicateSubmitError(error)) throw error;
    throw new UsageError(
      `An identical request was already submitted as ${error.previousRef}; nothing was sent. Follow that job with ltx_wait { "ref": "${error.previousRef}" }, or call ltx_submit with allowDuplicate: true to pay for a new one.`,
      { cause: error },
    );
  }
  const job = jobViewOf(record, host.showPath);
  const next = `Call ltx_wait with { "ref": "${job.ref}" } to follow it; each call waits up to ${MAX_WAIT_SECONDS} s and downloads the result when it is ready.`;
  return {
    output: { job, estimate, next },
    summary: [
      `Submitted ${jobLine(job)}: ${describeRequest(loaded)}, estimated ${estimate.amount}.`,
      ...warningLines(loaded),
      next,
    ].join('\n'),
  };
}
