import type { Io } from '../output/print-run.js';
import type { Interrupt } from '../signals.js';

/** What every command gets from the entry point (so tests and the entry share one path). */
export interface CommandContext {
  io: Io;
  /** Where progress goes: stderr. A TTY gets bars, anything else plain lines. */
  progressStream: NodeJS.WriteStream;
  /** The process environment (parsed by `loadConfig`). */
  env: Record<string, string | undefined>;
  /** Cut by Ctrl-C. */
  interrupt: Interrupt;
}
