import type { AssetKey } from './assets.js';
import { parseDirectives } from './directives.js';
import { failureMessage, type JobFaults } from './faults.js';
import type { SimJob } from './job-store.js';
import type { SimContext } from './sim-context.js';
import type { SimProvider } from './types.js';

/** The faults of the job a submit would create: `jobFaults[index]`, overridden by prompt directives. */
export function plannedFaults(
  ctx: SimContext,
  body: Record<string, unknown>,
): { ok: true; faults: JobFaults } | { ok: false; message: string } {
  const parsed = parseDirectives(body.prompt);
  if (!parsed.ok) return parsed;
  const byIndex = ctx.settings.jobFaults[ctx.jobs.nextIndex()] ?? {};
  return { ok: true, faults: { ...byIndex, ...parsed.faults } };
}

/** What a route knows when it accepts a job. */
export interface NewJob {
  provider: SimProvider;
  endpoint: string;
  id: string;
  body: Record<string, unknown>;
  faults: JobFaults;
  asset: AssetKey;
  extra?: Pick<SimJob, 'generationId' | 'email' | 'replyRef' | 'replyUrl'>;
}

/** Creates and stores a job, its timing (server timing unless the job overrides it) and its artifact. */
export function createJob(ctx: SimContext, input: NewJob): SimJob {
  const { faults } = input;
  const cut = faults.cutDownload ?? ctx.settings.cutDownloads;
  const artifact = ctx.storage.addArtifact(input.id, input.asset, cut, faults.slowDownload || undefined);
  let failure: SimJob['failure'];
  if (faults.fail !== undefined) {
    failure = { type: faults.fail, message: failureMessage(faults.fail, faults.failMessage) };
  } else if (ctx.settings.failRate > 0 && ctx.options.random() < ctx.settings.failRate) {
    failure = { type: 'api_error', message: failureMessage('api_error') };
  }
  const job: SimJob = {
    provider: input.provider,
    endpoint: input.endpoint,
    id: input.id,
    index: ctx.jobs.nextIndex(),
    body: input.body,
    faults,
    createdAt: ctx.now(),
    pendingMs: faults.pendingMs ?? ctx.timing.pendingMs,
    processingMs: faults.processingMs ?? ctx.timing.processingMs,
    retentionMs: faults.retentionMs ?? ctx.timing.retentionMs,
    artifactId: artifact.id,
    statusReads: 0,
    readsAfterEnd: 0,
    ...(failure === undefined ? {} : { failure }),
    ...input.extra,
  };
  ctx.jobs.add(job);
  return job;
}
