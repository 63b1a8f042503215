import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { type Logger, silentLogger } from '../deps.js';
import { UsageError } from '../errors/usage-error.js';
import { type RunRecord, RunRecordSchema } from './run-record.js';

/** Durable storage of run records. `put` is durable when its promise resolves. */
export interface RunStore {
  /** Every readable run, newest first (an unreadable one is skipped with a warning). */
  list(): Promise<RunRecord[]>;
  get(id: string): Promise<RunRecord | undefined>;
  put(run: RunRecord): Promise<void>;
  /** Forgets a run (its jobs stay in the ledger). No-op when unknown. */
  remove(id: string): Promise<void>;
}

/** Newest first: ids start with the UTC start time. */
function newestFirst(runs: RunRecord[]): RunRecord[] {
  return runs.sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

/**
 * Runs as one JSON file each (`<dir>/<run id>.json`), written to a temp file, fsynced and renamed
 * into place, so a crash leaves the old file or the new one, never half of one. The CLI keeps them
 * in `<LTX_JOBS_HOME>/runs/`, next to the ledger.
 */
export function createFileRunStore(dir: string, options: { logger?: Logger } = {}): RunStore {
  const logger = options.logger ?? silentLogger;
  const pathOf = (id: string) => join(dir, `${id}.json`);
  async function read(file: string): Promise<RunRecord | undefined> {
    const text = await readFile(join(dir, file), 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (text === undefined) return undefined;
    try {
      const parsed = RunRecordSchema.safeParse(JSON.parse(text));
      if (parsed.success) return parsed.data;
      logger.warn('Skipped an unreadable run file', { file, issues: z.prettifyError(parsed.error) });
    } catch {
      logger.warn('Skipped a run file that is not JSON', { file });
    }
    return undefined;
  }
  return {
    async list() {
      const names = await readdir(dir).catch(() => [] as string[]);
      const runs = await Promise.all(names.filter((n) => /^run-.*\.json$/.test(n)).map(read));
      return newestFirst(runs.filter((r): r is RunRecord => r !== undefined));
    },
    get: (id) =>
      RunRecordSchema.shape.id.safeParse(id).success ? read(`${id}.json`) : Promise.resolve(undefined),
    async put(run) {
      const valid = RunRecordSchema.parse(run);
      await mkdir(dir, { recursive: true });
      const temp = join(dir, `.${valid.id}.${randomBytes(4).toString('hex')}.tmp`);
      const handle = await open(temp, 'wx');
      try {
        await handle.writeFile(`${JSON.stringify(valid)}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, pathOf(valid.id));
      const folder = await open(dir, 'r').catch(() => undefined);
      await folder
        ?.sync()
        .catch(() => undefined)
        .finally(() => folder.close());
    },
    async remove(id) {
      if (!RunRecordSchema.shape.id.safeParse(id).success) return;
      await unlink(pathOf(id)).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
    },
  };
}

/** Runs in memory (tests; hosts that persist elsewhere wrap it). Hands out copies. */
export function createMemoryRunStore(initial: RunRecord[] = []): RunStore {
  const runs = new Map(initial.map((r) => [r.id, structuredClone(r)]));
  return {
    list: async () => newestFirst([...runs.values()].map((r) => structuredClone(r))),
    get: async (id) => {
      const run = runs.get(id);
      return run === undefined ? undefined : structuredClone(run);
    },
    put: async (run) => {
      runs.set(run.id, structuredClone(RunRecordSchema.parse(run)));
    },
    remove: async (id) => {
      runs.delete(id);
    },
  };
}

/**
 * The run `query` names: its id, a unique prefix of it (`run-20261120`), the date-free tail
 * (`a3f9`), or `latest`. Throws UsageError listing candidates when ambiguous.
 */
export function findRun(runs: readonly RunRecord[], query: string): RunRecord | undefined {
  if (query === 'latest' || query === 'last') return runs[0];
  const exact = runs.find((r) => r.id === query);
  if (exact) return exact;
  const matches = runs.filter((r) => r.id.startsWith(query) || r.id.endsWith(`-${query}`));
  if (matches.length > 1) {
    const shown = matches
      .slice(0, 5)
      .map((r) => r.id)
      .join(', ');
    throw new UsageError(
      `"${query}" matches ${matches.length} runs (${shown}${matches.length > 5 ? ', …' : ''}); give more of the id`,
    );
  }
  return matches[0];
}
