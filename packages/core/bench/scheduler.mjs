import { abortError, createDeps, createPollScheduler } from '../dist/index.js';
import { virtualClock } from '../test-support/virtual-clock.mjs';

/**
 * 1,000 LTX jobs watched by one shared scheduler with an in-process client that answers at once:
 * each job is `running` for `reads - 1` reads, then `succeeded`. Time is virtual, so the numbers are
 * the engine's own CPU and memory cost per 1,000 jobs, not waiting.
 */
export async function benchScheduler({ jobs = 1000, reads = 3, perSecond = 2 } = {}) {
  const clock = virtualClock({ abortError, runawayAfter: Infinity });
  const deps = createDeps({ now: clock.now, sleep: clock.sleep, random: () => 0.5 });
  const count = new Map();
  let requests = 0;
  let heapPeak = 0;
  const client = {
    provider: 'ltx',
    endpoints: ['text-to-video'],
    canCancel: false,
    async status(ref) {
      requests++;
      if (requests % 100 === 0) heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
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
  const scheduler = createPollScheduler({
    clients: { ltx: client },
    deps,
    limits: { ltx: { statusRequestsPerSecond: perSecond } },
  });
  globalThis.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  heapPeak = heapBefore;
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  const virtualStart = clock.now();
  const watches = [];
  for (let i = 0; i < jobs; i++) {
    watches.push(scheduler.watch({ provider: 'ltx', endpoint: 'text-to-video', id: `job-${i}` }));
  }
  heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
  await Promise.all(watches);
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  return {
    jobs,
    requests,
    expectedRequests: jobs * reads,
    virtualMinutes: (clock.now() - virtualStart) / 60_000,
    wallMs: performance.now() - wallBefore,
    cpuMs,
    cpuUsPerRequest: (cpuMs * 1000) / requests,
    heapPeakDeltaMbInclGarbage: (heapPeak - heapBefore) / 1e6,
  };
}
