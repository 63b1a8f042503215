import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isTimeoutError } from '../../src/errors/timeout-error.js';
import { isUsageError } from '../../src/errors/usage-error.js';
import { createFileLedgerStore } from '../../src/ledger/file-store.js';
import type { DownloadProgress } from '../../src/runner/types.js';
import { startArtifactServer } from '../download/artifact-server.js';
import { makeJob } from '../poll/fakes.js';
import { ltxRef, setup, succeeded, textToVideo } from './runner-fixtures.js';

let dir: string;
let server: Awaited<ReturnType<typeof startArtifactServer>>;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ltx-runner-'));
  server = await startArtifactServer({ cuts: [100_000] });
});
afterEach(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const submitted = (id: string) => ({ id, raw: { id } });

describe('job runner: downloads (real HTTP on loopback)', () => {
  it('watchAndDownload follows a job to its file, resuming a cut download, and records it', async () => {
    const ref = ltxRef('id-1');
    const scripts = {
      'id-1': [makeJob(ref, 'running'), succeeded(ref, { video_url: server.url('/video.mp4?sig=x') })],
    };
    const { runner } = await setup({ scripts, submits: [submitted('id-1')], realFetch: true });
    const out = join(dir, 'videos');
    const record = await runner.submit(textToVideo(), { baseDir: dir, outputDir: out });
    const progress: DownloadProgress[] = [];
    const { outcome, downloads } = await runner.watchAndDownload(record.ref, {
      onProgress: (p) => progress.push(p),
    });
    expect(outcome.job.state).toBe('succeeded');
    expect(downloads).toHaveLength(1);
    expect(downloads[0]).toMatchObject({
      label: 'video_url',
      path: join(out, 'lighthouse-at-dawn-id1.mp4'),
      bytes: server.body.length,
    });
    expect((await readFile(downloads[0]!.path)).equals(server.body)).toBe(true);
    expect(runner.get(record.ref)?.downloads).toEqual(downloads);
    expect(progress.at(-1)).toEqual({
      label: 'video_url',
      receivedBytes: server.body.length,
      totalBytes: server.body.length,
    });
    expect(server.requests.map((r) => r.headers.range === undefined)).toEqual([true, false]);
    expect(server.requests.every((r) => r.headers.authorization === undefined)).toBe(true);

    await runner.download(record.ref);
    expect(server.requests).toHaveLength(2);
    await rm(downloads[0]!.path);
    const again = await runner.download(record.ref);
    expect(server.requests).toHaveLength(3);
    expect((await readFile(again[0]!.path)).equals(server.body)).toBe(true);
    expect(await readdir(out)).toEqual(['lighthouse-at-dawn-id1.mp4']);
  });

  it('reads the job again for a fresh URL when the signed one has expired', async () => {
    const ref = ltxRef('id-2');
    const stale = succeeded(ref, { video_url: server.url('/expired.mp4') });
    const fresh = succeeded(ref, { video_url: server.url('/video.mp4') });
    const { runner, ltx } = await setup({ scripts: { 'id-2': [stale, fresh] }, realFetch: true });
    await runner.track('ltx:text-to-video/id-2', { outputDir: dir });
    await runner.watch('ltx:text-to-video/id-2');
    const [download] = await runner.download('ltx:text-to-video/id-2');
    expect(download?.bytes).toBe(server.body.length);
    expect(ltx.statusCalls).toHaveLength(2);
    expect(runner.get('ltx:text-to-video/id-2')?.job?.artifacts[0]?.url).toBe(server.url('/video.mp4'));
  });

  it('refuses to download a job that has not succeeded, or has no output folder', async () => {
    const ref = ltxRef('id-3');
    const { runner } = await setup({
      scripts: { 'id-3': [succeeded(ref, { video_url: server.url('/v.mp4') })] },
    });
    await runner.track('ltx:text-to-video/id-3');
    expect(isUsageError(await runner.download('ltx:text-to-video/id-3').catch((e: unknown) => e))).toBe(true);
    await runner.watch('ltx:text-to-video/id-3');
    await expect(runner.download('ltx:text-to-video/id-3')).rejects.toThrow(/has no output folder/);
  });

  it('watchAndDownload holds its deadline during the download: a trickling artifact is cut, the bytes kept', async () => {
    const trickle = await startArtifactServer({ trickleMs: 50 });
    try {
      const ref = ltxRef('id-6');
      const scripts = { 'id-6': [succeeded(ref, { video_url: trickle.url('/trickle.mp4') })] };
      const { runner, clock } = await setup({ scripts, realFetch: true });
      await runner.track('ltx:text-to-video/id-6', { outputDir: dir });
      const started = Date.now();
      const error = await runner
        .watchAndDownload('ltx:text-to-video/id-6', { deadline: clock.now() + 800 })
        .catch((e: unknown) => e);
      expect(isTimeoutError(error)).toBe(true);
      expect((error as Error).message).toMatch(/deadline passed while downloading/);
      expect(Date.now() - started).toBeLessThan(3000);
      expect(await readdir(dir)).toEqual(['.id6-trickle.mp4.part']);
    } finally {
      await trickle.close();
    }
  });

  it('gives two artifacts with the same URL basename different names', async () => {
    const ref = ltxRef('id-4');
    const job = succeeded(ref, {
      video_url: server.url('/a/video.mp4'),
      preview_url: server.url('/b/video.mp4'),
    });
    const { runner } = await setup({ scripts: { 'id-4': [job] }, realFetch: true });
    await runner.track('ltx:text-to-video/id-4', { outputDir: dir });
    await runner.watch('ltx:text-to-video/id-4');
    const downloads = await runner.download('ltx:text-to-video/id-4');
    expect(downloads.map((d) => d.path.slice(dir.length + 1))).toEqual([
      'id4-video.mp4',
      'preview_url-id4-video.mp4',
    ]);
  });
});

describe('job runner over the file ledger', () => {
  it('survives a restart: the new runner lists the job and resumes watching from its last state', async () => {
    const path = join(dir, 'jobs.jsonl');
    const ref = ltxRef('id-5');
    const first = await setup({
      store: createFileLedgerStore(path),
      scripts: { 'id-5': [makeJob(ref, 'running')] },
      submits: [submitted('id-5')],
    });
    const record = await first.runner.submit(textToVideo(), { baseDir: dir });
    // A job just submitted is first read one poll interval (5 s) later.
    await first.runner.watch(record.ref, { deadline: first.clock.now() + 5_001 });
    first.runner.dispose();

    const second = await setup({
      store: createFileLedgerStore(path),
      scripts: { 'id-5': [succeeded(ref, {})] },
    });
    expect(second.runner.list().map((r) => [r.ref, r.job?.state])).toEqual([[record.ref, 'running']]);
    const seen: string[] = [];
    const outcome = await second.runner.watch(record.ref, { onUpdate: (j) => seen.push(j.state) });
    expect(seen).toEqual(['running', 'succeeded']);
    expect(outcome.end).toBe('terminal');
    const third = await setup({ store: createFileLedgerStore(path) });
    expect(third.runner.get(record.ref)?.job?.state).toBe('succeeded');
  });
});
