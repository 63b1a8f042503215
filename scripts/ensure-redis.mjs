// redis-server for the team-queue tests, benchmarks and a local try-out: finds it on PATH, or installs
// Debian's `redis-server` package with apt-get when running as root (as the e2e installs Chromium).
// Exports `ensureRedisServer()` (returns the binary's path) and, run directly, prints that path.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CANDIDATES = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'];

function onPath(name) {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const path = found.stdout?.trim() ?? '';
  return found.status === 0 && path.startsWith('/') ? path : undefined;
}

function find() {
  return onPath('redis-server') ?? CANDIDATES.find((path) => existsSync(path));
}

function aptGet(args) {
  const result = spawnSync('apt-get', args, {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    stdio: ['ignore', 'inherit', 'inherit'],
    timeout: 600_000,
  });
  return result.status;
}

/**
 * The path of `redis-server`. When it is missing and this runs as root on Debian, the `redis-server`
 * package is installed first (without starting its system service's default instance being needed:
 * tests start their own on a random loopback port). Otherwise throws, saying what to install.
 * @returns {string}
 */
export function ensureRedisServer() {
  let path = find();
  if (path === undefined && process.getuid?.() === 0 && onPath('apt-get') !== undefined) {
    const install = ['install', '-y', '-qq', '--no-install-recommends', 'redis-server'];
    if (aptGet(install) !== 0 && aptGet(['update', '-qq']) === 0) aptGet(install);
    path = find();
  }
  if (path === undefined) {
    throw new Error(
      'The team-queue tests need redis-server: sudo apt-get install -y --no-install-recommends redis-server',
    );
  }
  return path;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.stdout.write(`${ensureRedisServer()}\n`);
}
