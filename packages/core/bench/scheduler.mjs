import { fork } from 'node:child_process';
import http from 'node:http';
import {
  abortError,
  createDeps,
  createLtxClient,
  createPollScheduler,
  RateLimitError,
} from '../dist/index.js';
import { rateLimitedClient } from '../test-support/rate-limited-client.mjs';
import { virtualClock } from '../test-support/virtual-clock.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * 1,000 LTX jobs watched by one shared scheduler with an in-process client that answers at once:
 * each job is `running` for `reads - 1` reads, then `succeeded`. Time is virtual, so the numbers are
 * the engine's own CPU and memory cost per read, without HTTP and without waiting.
 */
export async function benchScheduler({ jobs = 1000, reads = 3 } = {}) {
  const clock = virtualClock({ abortError, runawayAfter: Infinity });
  const deps = createDeps({ now: clock.now, sleep: clock.sleep, random: () => 0.5 });
  const count = new Map();
  let requests = 0;
  const client = {
    provider: 'ltx',
    endpoints: ['text-to-video'],
    canCancel: false,
    async status(ref) {
      requests++;
      const n = (count.get(ref.id) ?? 0) + 1;
      count.set(ref.id, n);
      const state = n >= reads ? 'succeeded' : 'running';
      return {
        job: {
          provider: 'ltx',
          endpoint: ref.endpoint,
          id: ref.id,
          state,
          artifacts: [],
          updatedAt: '',
          raw: null,
        },
      };
    },
  };
  const scheduler = createPollScheduler({ clients: { ltx: client }, deps });
  const cpuBefore = process.cpuUsage();
  const watches = [];
  for (let i = 0; i < jobs; i++) {
    watches.push(scheduler.watch({ provider: 'ltx', endpoint: 'text-to-video', id: `job-${i}` }));
  }
  await Promise.all(watches);
  const cpu = process.cpuUsage(cpuBefore);
  return { requests, cpuUsPerRead: (cpu.user + cpu.system) / requests };
}

/**
 * The same budget against the simulator's rule (at most `limit` reads in any trailing second, 429 +
 * Retry-After 1 s) in virtual time: what the algorithm converges to without a loaded machine's noise.
 */
export async function benchRateLimitVirtual({
  jobs = 1000,
  limit = 50,
  seconds = 300,
  steadyFrom = 60,
} = {}) {
  const clock = virtualClock({ abortError, runawayAfter: Infinity });
  const deps = createDeps({ now: clock.now, sleep: clock.sleep, random: () => 0.5 });
  const server = rateLimitedClient(clock.now, limit, RateLimitError);
  const scheduler = createPollScheduler({ clients: { ltx: server.client }, deps });
  const start = clock.now();
  const refs = Array.from({ length: jobs }, (_, i) => ({
    provider: 'ltx',
    endpoint: 'text-to-video',
    id: `job-${i}`,
  }));
  await Promise.all(refs.map((ref) => scheduler.watch(ref, { deadline: start + seconds * 1000 })));
  const steady = server.reads.filter((r) => r.at >= start + steadyFrom * 1000);
  const refused = server.reads.filter((r) => r.status === 429).length;
  return {
    'answered reads/s over the steady part / R (goal >= 0.9)':
      steady.filter((r) => r.status === 200).length / (seconds - steadyFrom) / limit,
    '429 share, whole run (goal < 1 %)': `${((100 * refused) / server.reads.length).toFixed(2)} %`,
    reads: server.reads.length,
  };
}

/**
 * Forks bench/sim-child.mjs (the simulator in its own process) and talks to it over IPC. `options`
 * (JSON) override the child's simulator options (default: no concurrency limits).
 */
export async function startSimChild(options = {}) {
  const child = fork(new URL('./sim-child.mjs', import.meta.url), [JSON.stringify(options)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map();
  let seq = 0;
  const ready = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`simulator child exited with ${code}`)));
    child.on('message', (message) => {
      if (message.ready) resolve(message);
      const waiter = pending.get(message.id);
      if (!waiter) return;
      pending.delete(message.id);
      if (message.error) waiter.reject(new Error(message.error));
      else waiter.resolve(message.result);
    });
  });
  const call = (cmd, payload = {}) =>
    new Promise((resolve, reject) => {
      const id = ++seq;
      pending.set(id, { resolve, reject });
      child.send({ id, cmd, ...payload });
    });
  return {
    ...ready,
    call,
    close: async () => {
      child.removeAllListeners('exit');
      await call('close').catch(() => {});
    },
  };
}

/** The LTX client of the core against the child simulator, counting its status reads. */
function countingClient(sim) {
  const inner = createLtxClient({ apiKey: sim.ltxApiKey, baseUrl: sim.ltxBaseUrl, deps: createDeps() });
  const counter = { reads: 0, starts: new Map() };
  const client = {
    ...inner,
    status(ref, options) {
      counter.reads++;
      const times = counter.starts.get(ref.id);
      if (times) times.push(Date.now());
      else counter.starts.set(ref.id, [Date.now()]);
      return inner.status(ref, options);
    },
  };
  return { client, counter };
}

const refOf = (job) => ({ provider: 'ltx', endpoint: 'text-to-video', id: job.id });
const quantile = (sorted, q) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
const cpuMs = (since) => {
  const cpu = process.cpuUsage(since);
  return (cpu.user + cpu.system) / 1000;
};

/**
 * Goal rows "completion seen" and "reads per active job per interval", with the scheduler's defaults
 * as shipped: `jobs` jobs that end 8 s to 20 s after submit, watched at once; each completion is seen
 * when the engine reports the job terminal, measured from the `completed_at` the simulator gives.
 */
async function completionSeen(sim, jobs, { intervalMs = 5000, maxWaitMs = 45_000 } = {}) {
  const phases = Array.from({ length: jobs }, (_, i) => ({
    pendingMs: 1000,
    processingMs: 7000 + Math.round((i * 12_000) / jobs),
  }));
  const submitted = await sim.call('submit', { count: jobs, phases });
  const { client, counter } = countingClient(sim);
  const scheduler = createPollScheduler({ clients: { ltx: client }, deps: createDeps() });
  const started = Date.now();
  const cpuBefore = process.cpuUsage();
  const latencies = [];
  await Promise.all(
    submitted.map((job) =>
      scheduler.watch(refOf(job), { deadline: started + maxWaitMs }).then(({ job: seen, end }) => {
        if (end === 'terminal' && seen.completedAt) latencies.push(Date.now() - Date.parse(seen.completedAt));
      }),
    ),
  );
  const cpu = cpuMs(cpuBefore);
  scheduler.dispose();
  latencies.sort((a, b) => a - b);
  // Reads per job per interval = interval / the mean gap between two reads of the same job.
  let gaps = 0;
  let gapTotal = 0;
  for (const times of counter.starts.values()) {
    for (let i = 1; i < times.length; i++) gapTotal += times[i] - times[i - 1];
    gaps += times.length - 1;
  }
  return {
    completionsSeen: `${latencies.length} of ${jobs}`,
    seenAfterCompletionP50Ms: quantile(latencies, 0.5),
    seenAfterCompletionP99Ms: quantile(latencies, 0.99),
    seenAfterCompletionMaxMs: latencies.at(-1) ?? Number.NaN,
    'goal: p99 within (interval + 100 ms)': intervalMs + 100,
    readsPerActiveJobPerInterval: intervalMs / (gapTotal / gaps),
    statusReads: counter.reads,
    cpuUsPerRead: (cpu * 1000) / counter.reads,
  };
}

/** One run of the engine (scheduler + client, interval `intervalMs`) over `jobs` running jobs for `ms`. */
async function engineRun(sim, jobs, ms, intervalMs) {
  const { client, counter } = countingClient(sim);
  const scheduler = createPollScheduler({ clients: { ltx: client }, deps: createDeps(), intervalMs });
  const deadline = Date.now() + ms;
  const cpuBefore = process.cpuUsage();
  await Promise.all(jobs.map((job) => scheduler.watch(refOf(job), { deadline })));
  const cpu = cpuMs(cpuBefore);
  scheduler.dispose();
  return { reads: counter.reads, usPerRead: (cpu * 1000) / counter.reads };
}

const keepAlive = new http.Agent({ keepAlive: true });

/** GET + JSON.parse with node:http on a kept-alive socket (a second, cheaper reference). */
const httpGetJson = (url, headers) =>
  new Promise((resolve, reject) => {
    const req = http.get(url, { headers, agent: keepAlive }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
      res.on('error', reject);
    });
    req.on('error', reject);
  });

/** The reference: a naive loop per job, `fetch` + `json()` (or node:http) + sleep(interval), for `ms`. */
async function naiveRun(sim, jobs, ms, intervalMs, useHttp = false) {
  const headers = { authorization: `Bearer ${sim.ltxApiKey}`, accept: 'application/json' };
  const end = Date.now() + ms;
  let reads = 0;
  const cpuBefore = process.cpuUsage();
  await Promise.all(
    jobs.map(async (job) => {
      const url = `${sim.ltxBaseUrl}/v2/text-to-video/${job.id}`;
      while (Date.now() < end) {
        if (useHttp) await httpGetJson(url, headers);
        else await (await fetch(url, { headers })).json();
        reads++;
        await sleep(Math.min(intervalMs, end - Date.now()));
      }
    }),
  );
  const cpu = cpuMs(cpuBefore);
  return { reads, usPerRead: (cpu * 1000) / reads };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Goal row "CPU per status read": engine vs naive loop, interleaved runs over the same running jobs. */
async function cpuPerRead(sim, jobs, { runs = 2, ms = 8000, intervalMs = 2000 } = {}) {
  const engine = [];
  const naive = [];
  const naiveHttp = [];
  for (let i = 0; i < runs; i++) {
    naive.push(await naiveRun(sim, jobs, ms, intervalMs));
    engine.push(await engineRun(sim, jobs, ms, intervalMs));
    naiveHttp.push(await naiveRun(sim, jobs, ms, intervalMs, true));
  }
  const e = median(engine.map((r) => r.usPerRead));
  const n = median(naive.map((r) => r.usPerRead));
  const h = median(naiveHttp.map((r) => r.usPerRead));
  return {
    'reads (engine / fetch loop / http loop)': [engine, naive, naiveHttp]
      .map((runs_) => runs_.map((r) => r.reads).join('+'))
      .join(' / '),
    engineUsPerRead: e,
    naiveFetchLoopUsPerRead: n,
    'ratio engine / fetch loop (goal <= 1.2)': e / n,
    naiveNodeHttpLoopUsPerRead: h,
    'ratio engine / node:http loop (for reference)': e / h,
  };
}

/** Goal row "rate limit": the simulator allows `limit` req/s; the engine (defaults) polls `jobs` running jobs. */
async function rateLimited(sim, jobs, { limit = 50, ms = 60_000, steadyFromMs = 10_000 } = {}) {
  await sim.call('log', { since: Number.POSITIVE_INFINITY });
  await sim.call('faults', { faults: { rateLimit: limit } });
  const { client } = countingClient(sim);
  const scheduler = createPollScheduler({ clients: { ltx: client }, deps: createDeps() });
  const started = Date.now();
  await Promise.all(jobs.map((job) => scheduler.watch(refOf(job), { deadline: started + ms })));
  const learned = scheduler.budgetOf('ltx');
  scheduler.dispose();
  await sim.call('faults', { faults: { rateLimit: null } });
  const log = await sim.call('log', { since: started });
  const steady = log.filter(([at]) => at >= started + steadyFromMs && at < started + ms);
  const ok = (entries) => entries.filter(([, status]) => status === 200).length;
  const limited = (entries) => entries.filter(([, status]) => status === 429).length;
  const steadySeconds = (ms - steadyFromMs) / 1000;
  return {
    limitPerSecond: limit,
    demandPerSecond: (jobs.length * 1000) / 5000,
    'answered reads/s over the steady part / R (goal >= 0.9)': ok(steady) / steadySeconds / limit,
    '429 share, whole run (goal < 1 %)': `${((100 * limited(log)) / Math.max(1, log.length)).toFixed(2)} %`,
    '429 share, steady part': `${((100 * limited(steady)) / Math.max(1, steady.length)).toFixed(2)} %`,
    reads: log.length,
    answered429: limited(log),
    learnedReadsPerSecondAtEnd: learned?.perSecond ?? Number.NaN,
  };
}

/**
 * The poll benches on real HTTP: the simulator runs in a child process, the core's scheduler and LTX
 * client (defaults as shipped unless a row says otherwise) in this one. Returns one table per goal row.
 */
export async function benchPollLive({ jobs = 1000, rateLimit = 50 } = {}) {
  const sim = await startSimChild();
  try {
    const seen = await completionSeen(sim, jobs);
    const longPhases = Array.from({ length: jobs }, () => ({ pendingMs: 1000, processingMs: 3_600_000 }));
    const running = await sim.call('submit', { count: jobs, phases: longPhases });
    await sleep(1500);
    const cpu = await cpuPerRead(sim, running);
    const limited = await rateLimited(sim, running, { limit: rateLimit });
    return { seen, cpu, limited };
  } finally {
    await sim.close();
  }
}

/** One part of {@link benchPollLive} alone (for profiling): `seen`, `cpu` or `limited`. */
export async function benchPollLivePart(part, { jobs = 1000 } = {}) {
  const sim = await startSimChild();
  try {
    if (part === 'seen') return await completionSeen(sim, jobs);
    const longPhases = Array.from({ length: jobs }, () => ({ pendingMs: 1000, processingMs: 3_600_000 }));
    const running = await sim.call('submit', { count: jobs, phases: longPhases });
    await sleep(1500);
    if (part === 'cpu') return await cpuPerRead(sim, running);
    return await rateLimited(sim, running);
  } finally {
    await sim.close();
  }
}
