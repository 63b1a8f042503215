import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createFileLedgerStore, createLedger, hashInput, type JobRecord, silentLogger } from '@ltx-jobs/core';
import { describe, expect, it } from 'vitest';
import { chunkNamed, ESM_ENTRY, staticClosure } from './bundle-closure.js';
import { CLI, runCli } from './harness.js';

const bytesOf = (files: Set<string>) =>
  [...files].reduce(async (sum, file) => (await sum) + (await readFile(file)).length, Promise.resolve(0));

const hasZod = async (file: string) => /\$ZodType|ZodObject/.test(await readFile(file, 'utf8'));

// Issue 8: `ltx-jobs list` within twice `node -e 0` needs a start that parses little. A dynamic
// import of core's index anywhere (`await import('@ltx-jobs/core')`) once made every core module and
// zod a static dependency of the entry (630 KB parsed by every command); this keeps that from coming back.
describe('the CLI bundle at start', () => {
  it('is a small CommonJS launcher that answers `list` itself and imports the ES entry for the rest', async () => {
    expect(JSON.parse(await readFile(join(dirname(CLI), 'package.json'), 'utf8')).type).toBe('commonjs');
    expect(JSON.parse(await readFile(join(dirname(ESM_ENTRY), 'package.json'), 'utf8')).type).toBe('module');
    expect((await readFile(CLI)).length).toBeLessThan(30_000);
    expect(await hasZod(CLI)).toBe(false);
    expect(await readFile(CLI, 'utf8')).not.toMatch(/\bimport\s*\{/); // nothing but builtins at start
  });

  it('loads a small ES entry (no zod, no core beyond what error handling needs) and a small `list`', async () => {
    const entry = staticClosure(ESM_ENTRY);
    expect(await bytesOf(entry)).toBeLessThan(60_000);
    for (const file of entry) expect(await hasZod(file)).toBe(false);
    expect(await bytesOf(staticClosure(ESM_ENTRY, chunkNamed('ledger-views-')))).toBeLessThan(150_000);
  });
});

describe('a bare `ltx-jobs list`', () => {
  async function ledgerHome(count = 30): Promise<{ home: string; env: Record<string, string> }> {
    const home = await mkdtemp(join(tmpdir(), 'ltx-cli-quick-list-'));
    const store = createFileLedgerStore(join(home, 'jobs.jsonl'), {
      compactMinLines: Number.POSITIVE_INFINITY,
    });
    const ledger = await createLedger(store, { logger: silentLogger });
    const record = (n: number, extra: Partial<JobRecord> = {}): JobRecord => {
      const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
      const request = { prompt: `take ${n}`, model: 'ltx-2-3-fast', duration: 6, resolution: '1280x720' };
      return {
        ref: `ltx:text-to-video/${id}`,
        provider: 'ltx',
        endpoint: 'text-to-video',
        id,
        name: `take ${n}`,
        request,
        inputHash: hashInput('ltx', 'text-to-video', request),
        submittedAt: new Date(Date.UTC(2026, 10, 20, 9, 0, n)).toISOString(),
        downloads: [],
        watching: true,
        ...extra,
      };
    };
    await Promise.all(Array.from({ length: count }, (_, i) => ledger.record(record(i))));
    await ledger.record(record(40, { name: 'café ☕ wide name', submittedAt: record(3).submittedAt }));
    await store.compact();
    await ledger.update(record(4).ref, (r) => ({
      ...r,
      name: 'renamed after the snapshot',
      job: {
        ref: r.ref,
        provider: 'ltx',
        endpoint: 'text-to-video',
        id: r.id,
        state: 'running',
        progress: 40,
        artifacts: [],
        updatedAt: r.submittedAt,
        raw: {},
      },
    }));
    await ledger.remove(record(5).ref);
    await ledger.record(record(50, { name: 'new after the snapshot' }));
    ledger.close();
    const env = { PATH: process.env.PATH ?? '', HOME: home, LTX_JOBS_HOME: home, TZ: 'Europe/Paris' };
    return { home, env };
  }

  it('prints the same table the full ledger read does (snapshot, updates, removals, wide names)', async () => {
    const { home, env } = await ledgerHome();
    try {
      const quick = await runCli(['list'], { env });
      expect(quick.code).toBe(0);
      // A `.prev-` link (left by a compaction that died) sends `list` the full way: the same rows.
      await writeFile(join(home, 'jobs.jsonl.prev-00000000'), '');
      const full = await runCli(['list'], { env });
      expect(full.code).toBe(0);
      expect(quick.stdout).toBe(full.stdout);
      const lines = quick.stdout.trimEnd().split('\n');
      expect(lines).toHaveLength(1 + 30 - 1 + 2);
      expect(lines[1]).toMatch(/^not read yet\s+new after the snapshot\s/);
      expect(quick.stdout).toMatch(/running 40%\s+renamed after the snapshot/);
      expect(quick.stdout).not.toContain('take 5 ');
      // Columns line up by characters, wide names included.
      const refAt = (line: string) => line.indexOf('ltx:text-to-video/');
      expect(new Set(lines.slice(1).map(refAt)).size).toBe(1);
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });

  it('stops quietly, exit 0, when its reader goes away (`ltx-jobs list | head -1`)', async () => {
    const { home, env } = await ledgerHome(3000); // ~300 KB: more than a pipe holds
    try {
      const child = spawn(process.execPath, [CLI, 'list'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      child.stdout.once('data', () => child.stdout.destroy());
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(stderr).toBe('');
      expect(code).toBe(0);
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});
