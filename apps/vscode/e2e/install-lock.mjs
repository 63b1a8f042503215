// A directory lock around code-server's install, so runs sharing a prefix do not install over each other.
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EnsureError } from './apt-packages.mjs';
import { CODE_SERVER_PREFIX, logStep } from './env.mjs';

/**
 * Holds `<prefix>.lock` (a directory with the owner's pid) while installing, so two runs sharing a
 * prefix do not install over each other. Waits up to `waitMs` (default 15 min) for a live owner.
 */
export async function withInstallLock(fn, waitMs = 15 * 60_000) {
  const lock = `${CODE_SERVER_PREFIX}.lock`;
  const until = Date.now() + waitMs;
  mkdirSync(dirname(lock), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if (error?.code !== 'EEXIST') throw error;
      let owner = 0;
      try {
        owner = Number(readFileSync(join(lock, 'pid'), 'utf8'));
        process.kill(owner, 0);
      } catch {
        // No pid yet (the owner is between mkdir and write) or the owner is gone: stale after 10 s.
        const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? 0);
        if (age > 10_000) {
          rmSync(lock, { recursive: true, force: true });
          continue;
        }
      }
      if (Date.now() > until) throw new EnsureError(`${lock} is held by process ${owner} for too long`);
      logStep(`waiting for process ${owner}, which is installing code-server into ${CODE_SERVER_PREFIX}`);
      await new Promise((r) => setTimeout(r, 2_000));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
