import { afterAll, beforeAll } from 'vitest';
import { startRedisServer } from '../../../scripts/ensure-redis.mjs';
import { startWorld, type TestWorld } from './harness.js';

/** What {@link useQueueWorld} starts; set before the file's first test. */
export interface QueueWorld {
  /** The simulator (100 ms pending, 200 ms processing) and a home for the CLI. */
  world: TestWorld;
  /** A private redis-server on a random loopback port (installed from Debian when missing). */
  redis: Awaited<ReturnType<typeof startRedisServer>>;
}

/** Starts a simulator world and a private Redis for the test file, and stops both after it. */
export function useQueueWorld(): QueueWorld {
  const started = {} as QueueWorld;
  beforeAll(async () => {
    started.world = await startWorld({ pendingMs: 100, processingMs: 200 });
    started.redis = await startRedisServer();
  });
  afterAll(async () => {
    await started.redis?.stop();
    await started.world?.close();
  });
  return started;
}
