import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/** Who holds a lock or a submit claim: enough to tell later whether that process still runs. */
export interface ProcessOwner {
  pid: number;
  /** `os.hostname()` of the owner; a process on another host cannot be checked. */
  host: string;
  /** Start time of the process in clock ticks since boot (Linux `/proc/<pid>/stat`), to tell a reused pid. */
  started?: number;
}

/** True when a process with this id runs (or exists under another user). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Start time of `pid` in clock ticks since boot, where `/proc` tells it (Linux); else undefined. */
export function processStartTime(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // Field 22; the command name (field 2) is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const value = Number(fields[19]);
    return Number.isFinite(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

let self: ProcessOwner | undefined;

/** This process as a {@link ProcessOwner}. */
export function currentOwner(): ProcessOwner {
  if (!self) {
    const started = processStartTime(process.pid);
    self = { pid: process.pid, host: hostname(), ...(started === undefined ? {} : { started }) };
  }
  return self;
}

/**
 * False when the owner is surely gone: same host, and its pid does not run or runs a process that
 * started at another time (the pid was reused). An owner on another host counts as alive.
 */
export function isOwnerAlive(owner: ProcessOwner): boolean {
  if (owner.host !== hostname()) return true;
  if (!isProcessAlive(owner.pid)) return false;
  if (owner.started === undefined) return true;
  const started = processStartTime(owner.pid);
  return started === undefined || started === owner.started;
}

/** `pid started host` as one line (the lock-file format; a bare pid is read too). */
export function formatOwner(owner: ProcessOwner): string {
  return `${owner.pid} ${owner.started ?? '-'} ${owner.host}`;
}

/** Reads {@link formatOwner}'s text (or a bare pid, as older versions wrote); undefined when no pid is there. */
export function parseOwner(text: string): ProcessOwner | undefined {
  const [pidText = '', startedText = '-', ...host] = text.trim().split(/\s+/);
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  const started = Number(startedText);
  return {
    pid,
    host: host.length > 0 ? host.join(' ') : hostname(),
    ...(startedText !== '-' && Number.isFinite(started) ? { started } : {}),
  };
}
