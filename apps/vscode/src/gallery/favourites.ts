import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';

const FavouritesFileSchema = z.object({ favourites: z.array(z.string().max(1000)).max(100_000) });

/**
 * The gallery's favourite cards of one workspace, kept in a small JSON file beside the workspace's
 * ledger (`favourites.json`), written atomically. A missing or unreadable file is an empty set.
 * Node-only (no `vscode`), so it is unit-tested directly.
 */
export class Favourites {
  private keys = new Set<string>();
  private writing: Promise<void> = Promise.resolve();

  private constructor(private readonly file: string) {}

  /** Opens the set stored at `file` (absolute path). */
  static async open(file: string): Promise<Favourites> {
    const favourites = new Favourites(file);
    try {
      const parsed = FavouritesFileSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
      if (parsed.success) favourites.keys = new Set(parsed.data.favourites);
    } catch {
      // none yet, or unreadable: start empty (the next change writes a good file)
    }
    return favourites;
  }

  /** The favourite card keys, read-only. */
  get all(): ReadonlySet<string> {
    return this.keys;
  }

  has(key: string): boolean {
    return this.keys.has(key);
  }

  /** Marks or unmarks `key`; resolves when the file on disk says so. Writes are serialised. */
  set(key: string, favourite: boolean): Promise<void> {
    if (favourite === this.keys.has(key)) return this.writing;
    if (favourite) this.keys.add(key);
    else this.keys.delete(key);
    const snapshot = [...this.keys].sort();
    this.writing = this.writing.catch(() => undefined).then(() => this.write(snapshot));
    return this.writing;
  }

  private async write(keys: string[]): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    const temp = `${this.file}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await writeFile(temp, `${JSON.stringify({ favourites: keys }, null, 2)}\n`, 'utf8');
      await rename(temp, this.file);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }
}
