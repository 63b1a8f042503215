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
