// The Jobs view's read of the team queue (issue 14): what one re-read costs as the team's history
// grows, the work the extension repeats every 2 s while a team job waits or runs, and the idle look
// (the queues' last event) it makes every second otherwise. Uses
// the built dist/team.js against a private redis-server (scripts/ensure-redis.mjs); prints numbers
// only, nothing is asserted. Compared with packages/queue's `teamJobs` (what `ltx-jobs list --queue`
// reads), whose round trips grow with the jobs. Run: `pnpm --filter ltx-jobs-vscode bench`.
import { createRequire } from 'node:module';
import { startRedisServer } from '../../../scripts/ensure-redis.mjs';

const require = createRequire(import.meta.url);
const team = require('../dist/team.js');
const queue = await import('@ltx-jobs/queue');
const READS = 15;

/** Total commands Redis has run so far (INFO commandstats). */
async function commands(redis) {
  const info = await redis.info('commandstats');
  return [...info.matchAll(/calls=(\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
}

async function measure(label, read, redis) {
  const times = [];
  const before = await commands(redis);
  for (let i = 0; i < READS; i++) {
    const start = performance.now();
    await read();
    times.push(performance.now() - start);
  }
  // INFO itself counts once per call above.
  const perRead = ((await commands(redis)) - before - 1) / READS;
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(`  ${label}: median ${median.toFixed(1)} ms per read, ${perRead.toFixed(0)} Redis commands`);
}

const server = await startRedisServer();
try {
  const reader = await team.openTeamReader({
    url: server.url,
    password: undefined,
    sharedFolder: '',
    connectTimeoutMs: 2000,
  });
  const direct = await queue.openTeam(server.url);
  let enqueued = 0;
  for (const jobs of [30, 300, 1000]) {
    for (; enqueued < jobs; enqueued++) {
      const file = {
        provider: 'ltx',
        endpoint: 'text-to-video',
        name: `bench-${enqueued}`,
        request: { prompt: `a bench job number ${enqueued}`, model: 'ltx-2-3-fast', duration: 6 },
      };
      await reader.enqueue(file, { baseDir: '/tmp' });
    }
    console.log(`team queue with ${jobs} jobs (the view reads the newest 200 per state):`);
    await measure('Jobs view read (readTeamJobRows + queueStatus)', () => reader.read(), direct.redis);
    await measure("Jobs view idle look (the queues' last event)", () => reader.changeMark(), direct.redis);
    await measure('ltx-jobs list --queue read (teamJobs)', () => queue.teamJobs(direct), direct.redis);
  }
  await direct.close();
  await reader.close();
} finally {
  await server.stop();
}
