/** The path of redis-server, installed from Debian's packages first when missing (root). */
export function ensureRedisServer(): string;
/** A private redis-server on a random loopback port without persistence; `stop()` kills it. */
export function startRedisServer(): Promise<{ url: string; port: number; stop: () => Promise<void> }>;
