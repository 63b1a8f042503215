import type { JobFaults } from './faults.js';
import { endsAt, isRunningAt, type JobTiming, type Phase, phaseAt } from './job-clock.js';
import type { SimProvider } from './types.js';

/** One job the simulator accepted. */
export interface SimJob extends JobTiming {
  provider: SimProvider;
  /** Canonical endpoint: `text-to-video`, `videos/ltx-create`, ... */
  endpoint: string;
  /** LTX uuid, or useapi `email:…-job:<uuid>-type:video|image`. */
  id: string;
  /** 1-based order of accepted submits across both APIs (the key of `jobFaults`). */
  index: number;
  body: Record<string, unknown>;
  faults: JobFaults;
  /** Set when the job will fail (or was cancelled); otherwise it succeeds with `artifactId`. */
  failure?: { type: string; message: string };
  artifactId: string;
  /** Status reads answered (not counting 404s after expiry). */
  statusReads: number;
  /** Status reads answered after the job ended. */
  readsAfterEnd: number;
  /** useapi only. */
  generationId?: string;
  email?: string;
  replyRef?: string;
  replyUrl?: string;
}

/** What tests see of a job: its record plus the phase and outcome at the moment of asking. */
export interface SimJobSnapshot {
  provider: SimProvider;
  endpoint: string;
  id: string;
  index: number;
  phase: Phase;
  /** `running` until it ends; then `succeeded`, `failed` or `cancelled`. */
  outcome: 'running' | 'succeeded' | 'failed' | 'cancelled';
  /** ISO-8601. */
  createdAt: string;
  /** ISO-8601, when it ends or ended. */
  endsAt: string;
  failure?: { type: string; message: string };
  statusReads: number;
  body: Record<string, unknown>;
  faults: JobFaults;
}

/** Every job the simulator has accepted, in memory. */
export class JobStore {
  private readonly jobs = new Map<string, SimJob>();

  /** The index the next accepted job will get (1-based). */
  nextIndex(): number {
    return this.jobs.size + 1;
  }

  add(job: SimJob): void {
    this.jobs.set(job.id, job);
  }

  get(id: string): SimJob | undefined {
    return this.jobs.get(id);
  }

  all(): SimJob[] {
    return [...this.jobs.values()];
  }

  /** Jobs of `provider` that are pending or processing at `now`. */
  running(provider: SimProvider, now: number): SimJob[] {
    return this.all().filter((job) => job.provider === provider && isRunningAt(job, now));
  }

  /**
   * Generations of `provider` in flight (pending or processing) at `now`, and the most that ever were
   * at once (every job's span from its creation to its end, overlapped): what an account's
   * concurrency limit counts.
   */
  inFlight(provider: SimProvider, now: number): { now: number; peak: number } {
    const edges: [number, number][] = [];
    for (const job of this.all()) {
      if (job.provider !== provider) continue;
      edges.push([job.createdAt, 1], [endsAt(job), -1]);
    }
    // Ends sort before starts at the same moment: a job that ends as another starts is not overlap.
    edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let running = 0;
    let peak = 0;
    for (const [, step] of edges) {
      running += step;
      peak = Math.max(peak, running);
    }
    return { now: this.running(provider, now).length, peak };
  }

  /** A job as tests see it at `now`. */
  snapshot(job: SimJob, now: number): SimJobSnapshot {
    const phase = phaseAt(job, now);
    const ended = phase === 'ended' || phase === 'expired';
    let outcome: SimJobSnapshot['outcome'] = 'running';
    if (ended && job.cancelledAt !== undefined && job.cancelledAt <= endsAt(job)) outcome = 'cancelled';
    else if (ended) outcome = job.failure === undefined ? 'succeeded' : 'failed';
    return {
      provider: job.provider,
      endpoint: job.endpoint,
      id: job.id,
      index: job.index,
      phase,
      outcome,
      createdAt: new Date(job.createdAt).toISOString(),
      endsAt: new Date(endsAt(job)).toISOString(),
      ...(job.failure === undefined ? {} : { failure: job.failure }),
      statusReads: job.statusReads,
      body: job.body,
      faults: job.faults,
    };
  }
}
