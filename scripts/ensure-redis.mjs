// redis-server for the team-queue tests, benchmarks and a local try-out: finds it on PATH, or installs
// Debian's `redis-server` package with apt-get when running as root (as the e2e installs Chromium).
// Exports `ensureRedisServer()` (returns the binary's path) and `startRedisServer()` (a private,
// throw-away instance on a random loopback port); run directly, it prints the binary's path.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
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

/** @returns {Promise<number>} a free TCP port on 127.0.0.1 */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * @param {import('node:child_process').ChildProcess} child
 * @returns {Promise<boolean>} true once the server accepts connections (false: it exited or took > 10 s)
 */
function ready(child) {
  return new Promise((resolve) => {
    let text = '';
    const timer = setTimeout(() => resolve(false), 10_000);
    child.stdout?.on('data', (chunk) => {
      text += chunk.toString();
      if (text.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve(true);
      }
    });
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}

/**
 * Starts a private redis-server on a random loopback port, without persistence
 * (`--save '' --appendonly no`), for one test run or benchmark. `stop()` kills it.
 * @returns {Promise<{ url: string; port: number; stop: () => Promise<void> }>}
 */
export async function startRedisServer() {
  const binary = ensureRedisServer();
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const stop = () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(undefined);
        child.once('exit', () => resolve(undefined));
        child.kill('SIGKILL');
      });
    if (await ready(child)) return { url: `redis://127.0.0.1:${port}`, port, stop };
    await stop();
    if (attempt >= 3) throw new Error('redis-server did not start (3 tries)');
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.stdout.write(`${ensureRedisServer()}\n`);
}
