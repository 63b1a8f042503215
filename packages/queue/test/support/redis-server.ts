import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startRedisServer } from '../../../../scripts/ensure-redis.mjs';

/** A redis-server of one test run, on a random loopback port, without persistence. */
export interface TestRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Starts `redis-server` (installed first by scripts/ensure-redis.mjs when missing). */
export function startRedis(): Promise<TestRedis> {
  return startRedisServer();
}

/**
 * One Redis for a test file: started before its tests, emptied after each test (no queue, lease or
 * claim leaks into the next), stopped after the last. Read `url` inside tests, not at load time.
 */
export function useTestRedis(): { readonly url: string } {
  let server: TestRedis | undefined;
  const started = (): TestRedis => {
    if (!server) throw new Error('the test Redis is not started yet: read its url inside a test');
    return server;
  };
  beforeAll(async () => {
    server = await startRedis();
  });
  afterEach(async () => {
    if (!server) return;
    const flush = new Redis(server.url);
    await flush.flushall();
    flush.disconnect();
  });
  afterAll(async () => {
    await server?.stop();
  });
  return {
    get url() {
      return started().url;
    },
  };
}
