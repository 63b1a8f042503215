import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimLockFile, isProcessAlive } from '../../src/fs/lock-file.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ltx-lock-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** Claims `lock` with a policy that never takes it over; returns the holder pids the policy saw. */
async function holderPidsWhenRefused(lock: string): Promise<(number | undefined)[]> {
  const seen: (number | undefined)[] = [];
  const claimed = await claimLockFile(lock, (holder) => {
    seen.push(holder.pid);
    return false;
  });
  expect(claimed).toBe(false);
  return seen;
}

describe('claimLockFile', () => {
  it('creates the lock with our pid, and refuses it to a second claimant while the holder is live', async () => {
    const lock = join(dir, 'a.lock');
    expect(await claimLockFile(lock, () => false)).toBe(true);
    expect((await readFile(lock, 'utf8')).split(' ')[0]).toBe(String(process.pid));
    expect(await holderPidsWhenRefused(lock)).toEqual([process.pid]);
  });

  it('takes over a lock the policy calls stale (a dead pid, an unreadable one)', async () => {
    const lock = join(dir, 'b.lock');
    await writeFile(lock, 'not a pid');
    expect(await claimLockFile(lock, (holder) => holder.pid === undefined)).toBe(true);
    expect((await readFile(lock, 'utf8')).split(' ')[0]).toBe(String(process.pid));
  });

  it('never follows a symlink planted under the lock name, nor reads past an owner record', async () => {
    const target = join(dir, 'elsewhere.txt');
    await writeFile(target, `${process.pid} someone`);
    const lock = join(dir, 'c.lock');
    await symlink(target, lock);
    expect(await holderPidsWhenRefused(lock)).toEqual([undefined]);
    const big = join(dir, 'd.lock');
    await writeFile(big, `${process.pid}${' '.repeat(8192)}x`);
    // the first 4 KiB hold the owner; the rest is not read
    expect(await holderPidsWhenRefused(big)).toEqual([process.pid]);
    expect(await readFile(target, 'utf8')).toBe(`${process.pid} someone`);
  });

  it('tells a live process from a gone one', () => {
    expect(isProcessAlive(process.pid)).toBe(true);
    expect(isProcessAlive(2 ** 22 + 12345)).toBe(false);
  });
});
