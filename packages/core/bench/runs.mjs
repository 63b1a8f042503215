import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createDeps,
  createFileLedgerStore,
  createJobRunner,
  createLtxClient,
  isTerminal,
  planRun,
  requestOf,
  runEach,
} from '../dist/index.js';
import { startSimChild } from './scheduler.mjs';

const quantile = (sorted, q) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

/**
 * Issue 11's throughput row: a `jobs`-line JSONL manifest planned and run through the core's real
 * runner (file ledger with fsync, submit queue, poll scheduler, downloads) against the simulator in
 * its own process, which enforces the provider's concurrency (`slots`, LTX: 2) and makes each job last
 * `jobMs`. Time is scaled down from LTX's (5 s interval, minutes per job) by keeping `jobMs /
 * intervalMs` realistic. Reports the run's wall time against the ideal ceil(jobs / slots) x jobMs, the
 * status reads the simulator received per running job per interval, and how soon a freed slot is
 * taken by the next submit.
 */
export async function benchRun({ jobs = 200, slots = 2, jobMs = 1000, intervalMs = 50 } = {}) {
  const pendingMs = Math.round(jobMs / 5);
  const sim = await startSimChild({ ltxConcurrencyLimit: slots, pendingMs, processingMs: jobMs - pendingMs });
  const dir = mkdtempSync(join(tmpdir(), 'ltx-bench-run-'));
  try {
    const manifest = join(dir, 'shots.ltx.jsonl');
    const line = (i) =>
      JSON.stringify({
        provider: 'ltx',
        endpoint: 'text-to-video',
        request: { prompt: `bench shot ${i}`, model: 'ltx-2-3-fast', resolution: '1280x720', duration: 6 },
      });
    writeFileSync(manifest, `${Array.from({ length: jobs }, (_, i) => line(i + 1)).join('\n')}\n`);
    const plan = await planRun([manifest]);
    const deps = createDeps();
    const inner = createLtxClient({ apiKey: sim.ltxApiKey, baseUrl: sim.ltxBaseUrl, deps });
    const posts = [];
    const roundTrips = [];
    let refusals = 0;
    const client = {
      ...inner,
      async submit(endpoint, body, options) {
        const at = performance.now();
        try {
          const result = await inner.submit(endpoint, body, options);
          posts.push(at);
          roundTrips.push(performance.now() - at);
          return result;
        } catch (error) {
          refusals++;
          throw error;
        }
      },
    };
    const runner = await createJobRunner({
      clients: { ltx: client },
      store: createFileLedgerStore(join(dir, 'jobs.jsonl')),
      deps,
      pollIntervalMs: intervalMs,
      limits: { ltx: { concurrentJobs: slots } },
    });
    const running = []; // ms from accepted to end seen, per job
    const ends = [];
    const seenLag = []; // ms from the simulator's completed_at to the end seen
    const since = Date.now();
    const started = performance.now();
    let failures = 0;
    const cpuBefore = process.cpuUsage();
    const results = await runEach(plan.jobs, {
      lanes: { ltx: slots },
      submit: (job) =>
        runner.submit(requestOf(job), {
          baseDir: job.baseDir,
          outputDir: join(dir, 'out'),
          requestFile: job.requestFile,
          willWatch: true,
          run: { runId: 'run-bench', job: job.key },
        }),
      async after(job, end) {
        if ('error' in end) throw end.error;
        const acceptedAt = performance.now();
        let seenAt = Number.NaN;
        const { outcome } = await runner.watchAndDownload(end.record.ref, {
          onUpdate: (j) => {
            if (!isTerminal(j.state) || !Number.isNaN(seenAt)) return;
            seenAt = performance.now();
            if (j.completedAt) seenLag.push(Date.now() - Date.parse(j.completedAt));
          },
        });
        if (outcome.job.state !== 'succeeded') failures++;
        running.push(seenAt - acceptedAt);
        ends.push(seenAt);
        return job.key;
      },
    });
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    runner.dispose();
    const reads = (await sim.call('log', { since })).length;
    const idealMs = Math.ceil(jobs / slots) * jobMs;
    const runningIntervals = running.reduce((a, b) => a + b, 0) / intervalMs;
    // The k-th slot freed (a job seen ended) is taken by the (k + slots)-th accepted submit.
    ends.sort((a, b) => a - b);
    posts.sort((a, b) => a - b);
    seenLag.sort((a, b) => a - b);
    roundTrips.sort((a, b) => a - b);
    const handoff = ends
      .slice(0, Math.max(0, posts.length - slots))
      .map((end, k) => (posts[k + slots] ?? Number.NaN) - end)
      .sort((a, b) => a - b);
    return {
      jobs,
      slots,
      'job duration ms': jobMs,
      'poll interval ms': intervalMs,
      'jobs failed or not run': failures + results.filter((r) => r.status === 'rejected').length,
      'submits refused (429s)': refusals,
      'wall ms (first submit to last download)': Math.round(wallMs),
      'ideal ms: ceil(jobs / slots) x job duration': idealMs,
      'over ideal %': ((wallMs - idealMs) / idealMs) * 100,
      'goal: over ideal % at most': 5,
      'status reads (at the simulator)': reads,
      'reads per running job per interval': reads / runningIntervals,
      'goal: reads per running job per interval at most': 1.02,
      'job end seen after completion p50 ms': quantile(seenLag, 0.5),
      'job end seen after completion p99 ms': quantile(seenLag, 0.99),
      'slot freed -> next submit p50 ms': quantile(handoff, 0.5),
      'slot freed -> next submit p99 ms': quantile(handoff, 0.99),
      'submit round trip p50 ms (intent, POST, record)': quantile(roundTrips, 0.5),
      'client CPU ms per job': (cpu.user + cpu.system) / 1000 / jobs,
    };
  } finally {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
