import { link, mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../deps.js';
import { type IntentStore, intentState, type SubmitIntent } from './intents.js';
import { syncDir } from './log-appender.js';

export { intentFolderOf } from './ledger-files.js';

const GENERATION = /^([^.]+)\.(\d+)\.json$/;

/**
 * Intents as small JSON files in `folder`, each written to a temp file, fsynced, and linked or renamed
 * into place, then the folder fsynced: durable before `create`/`update` resolve.
 *
 * The exclusive claim of an input hash is a generation file `<hash>.<n>.json`: a creator reads the
 * highest `n`, and when that holder is live or interrupted gives it back; otherwise it creates
 * `<hash>.<n+1>.json` with link(2), which fails when another process made that name first. So of
 * several processes claiming one hash at once exactly one succeeds, and an abandoned claim (its process
 * died before the POST) is passed over without being deleted under anybody's feet. A non-exclusive
 * intent (`--allow-duplicate`) is `<hash>.x<id>.json`.
 */
export function createFileIntentStore(folder: string, logger: Logger): IntentStore {
  const files = new Map<string, string>();

  async function names(): Promise<string[]> {
    return readdir(folder).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [] as string[];
      throw error;
    });
  }

  async function read(name: string): Promise<SubmitIntent | undefined> {
    const text = await readFile(join(folder, name), 'utf8').catch(() => undefined);
    if (text === undefined) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      value = undefined;
    }
    // The schema (zod) loads only when there is an intent to read.
    const { SubmitIntentSchema } = await import('./intent-schema.js');
    const parsed = SubmitIntentSchema.safeParse(value);
    if (parsed.success) {
      files.set(parsed.data.id, name);
      return parsed.data;
    }
    logger.warn('Skipped an unreadable submit intent', { file: join(folder, name) });
    return undefined;
  }

  /** Writes `intent` to a fresh temp file, fsynced; returns its path. */
  async function writeTemp(intent: SubmitIntent): Promise<string> {
    await mkdir(folder, { recursive: true });
    const temp = join(folder, `.${intent.id}.${process.pid}.${Date.now()}.tmp`);
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(intent)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return temp;
  }

  async function createExclusive(intent: SubmitIntent) {
    for (let attempt = 0; attempt < 20; attempt++) {
      const generations = (await names())
        .map((name) => GENERATION.exec(name))
        .filter((m): m is RegExpExecArray => m !== null && m[1] === intent.inputHash)
        .map((m) => Number(m[2]));
      const top = Math.max(0, ...generations);
      if (top > 0) {
        const holder = await read(`${intent.inputHash}.${top}.json`);
        if (holder && intentState(holder) !== 'abandoned') return { ok: false as const, holder };
      }
      const name = `${intent.inputHash}.${top + 1}.json`;
      const temp = await writeTemp(intent);
      try {
        await link(temp, join(folder, name));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
        throw error;
      } finally {
        await unlink(temp).catch(() => undefined);
      }
      await syncDir(folder);
      files.set(intent.id, name);
      for (const older of generations) {
        const stale = `${intent.inputHash}.${older}.json`;
        const old = await read(stale);
        if (old && intentState(old) === 'abandoned') await unlink(join(folder, stale)).catch(() => undefined);
      }
      return { ok: true as const };
    }
    throw new Error(`Could not claim input ${intent.inputHash}: too many processes claim it at once`);
  }

  async function place(intent: SubmitIntent, name: string): Promise<void> {
    const temp = await writeTemp(intent);
    await rename(temp, join(folder, name));
    await syncDir(folder);
    files.set(intent.id, name);
  }

  return {
    async list() {
      const found: SubmitIntent[] = [];
      for (const name of await names()) {
        if (!name.endsWith('.json') || name.startsWith('.')) continue;
        const intent = await read(name);
        if (intent) found.push(intent);
      }
      return found;
    },
    async create(intent) {
      if (intent.exclusive) return createExclusive(intent);
      await place(intent, `${intent.inputHash}.x${intent.id}.json`);
      return { ok: true };
    },
    async update(intent) {
      const name =
        files.get(intent.id) ??
        (intent.exclusive ? undefined : `${intent.inputHash}.x${intent.id}.json`) ??
        (await findName(intent.id));
      if (name === undefined) throw new Error(`Submit intent ${intent.id} is not on disk`);
      await place(intent, name);
    },
    async remove(intent) {
      const name = files.get(intent.id) ?? (await findName(intent.id));
      files.delete(intent.id);
      if (name !== undefined) await unlink(join(folder, name)).catch(() => undefined);
    },
  };

  async function findName(id: string): Promise<string | undefined> {
    for (const name of await names()) {
      if (name.endsWith('.json') && !name.startsWith('.') && (await read(name))?.id === id) return name;
    }
    return undefined;
  }
}
