// Gallery model with hundreds to thousands of results: how long the extension takes to turn the job
// list into cards and to answer one query (filter + sort + group + page), the work behind every redraw.
// Prints numbers only; nothing is asserted. Run: `pnpm --filter ltx-jobs-vscode bench` (after a build).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { coreLazyImportsLeftOut } from '../../../scripts/esbuild-core-lazy-imports.mjs';

const here = new URL('..', import.meta.url).pathname;
const out = mkdtempSync(join(tmpdir(), 'ltx-gallery-bench-'));
try {
  await build({
    absWorkingDir: here,
    stdin: {
      contents:
        "export { galleryCards } from './src/gallery/gallery-cards.ts';\n" +
        "export { queryGallery, DEFAULT_QUERY } from './src/gallery/gallery-query.ts';",
      resolveDir: here,
      loader: 'ts',
    },
    outfile: join(out, 'gallery.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    mainFields: ['module', 'main'],
    logLevel: 'warning',
    // The gallery model never opens a ledger; see the plugin for the esbuild trap it avoids.
    plugins: [coreLazyImportsLeftOut],
  });
  const { galleryCards, queryGallery, DEFAULT_QUERY } = await import(
    pathToFileURL(join(out, 'gallery.mjs')).href
  );
  console.log(`LTX Gallery model bench — node ${process.version}`);
  for (const count of [300, 1000, 5000]) report(count, galleryCards, queryGallery, DEFAULT_QUERY);
} finally {
  rmSync(out, { recursive: true, force: true });
}

/** `count` succeeded jobs; every third is a take of the one before (chains of takes). */
function records(count) {
  const models = ['ltx-2-3-fast', 'ltx-2-3-pro', 'ltx-2-5-fast'];
  return Array.from({ length: count }, (_, i) => {
    const endpoint = i % 3 === 2 ? 'extend' : 'text-to-video';
    const ref = `ltx:${endpoint}/${String(i).padStart(8, '0')}`;
    const path = `/ws/ltx-output/job-${i}.mp4`;
    const parentRef = i % 3 === 2 ? `ltx:text-to-video/${String(i - 1).padStart(8, '0')}` : undefined;
    return {
      ref,
      provider: 'ltx',
      endpoint,
      id: String(i),
      name: `job-${i}`,
      request: {
        prompt: `prompt ${i}`,
        model: models[i % 3],
        duration: 6 + (i % 5) * 2,
        resolution: '1920x1080',
      },
      inputHash: `h${i}`,
      submittedAt: new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString(),
      job: {
        provider: 'ltx',
        endpoint,
        id: String(i),
        state: i % 17 === 0 ? 'failed' : 'succeeded',
        artifacts: [{ label: 'video_url', url: 'https://x/v.mp4', mimeType: 'video/mp4' }],
        updatedAt: '2026-11-23T10:00:00Z',
        raw: {},
      },
      downloads: [{ label: 'video_url', path, bytes: 1, completedAt: 'x' }],
      watching: false,
      ...(parentRef
        ? {
            parent: {
              ref: parentRef,
              file: `/ws/ltx-output/job-${i - 1}.mp4`,
              field: 'video_uri',
              chain: [],
            },
          }
        : {}),
    };
  }).reverse();
}

function timed(runs, fn) {
  const start = performance.now();
  let result;
  for (let i = 0; i < runs; i++) result = fn();
  return { ms: (performance.now() - start) / runs, result };
}

function report(count, galleryCards, queryGallery, DEFAULT_QUERY) {
  const list = records(count);
  const facts = new Map(
    list.map((r, i) => [
      r.downloads[0].path,
      { durationSeconds: 3 + (i % 7), width: 640, height: 360, sound: 'aac' },
    ]),
  );
  const context = {
    favourites: new Set(list.slice(0, 20).map((r) => `${r.ref}#video_url`)),
    facts: (p) => facts.get(p),
  };
  const cards = timed(20, () => galleryCards(list, context));
  const rows = {
    'cards from records (ms)': cards.ms,
    'query: newest first, grouped, page 1 (ms)': timed(50, () => queryGallery(cards.result, DEFAULT_QUERY))
      .ms,
    'query: by duration, grouped, last page (ms)': timed(50, () =>
      queryGallery(cards.result, { ...DEFAULT_QUERY, sort: 'duration', page: 1e6 }),
    ).ms,
    'query: by resolution, ungrouped (ms)': timed(50, () =>
      queryGallery(cards.result, { ...DEFAULT_QUERY, sort: 'resolution', group: false }),
    ).ms,
    'query: favourites + model filter (ms)': timed(50, () =>
      queryGallery(cards.result, { ...DEFAULT_QUERY, favourites: true, model: 'ltx-2-3-pro' }),
    ).ms,
    'cards sent per page': queryGallery(cards.result, DEFAULT_QUERY).cards.length,
  };
  console.log(`\n${count} results (a third of them takes)`);
  const width = Math.max(...Object.keys(rows).map((k) => k.length));
  for (const [key, value] of Object.entries(rows)) {
    console.log(`  ${key.padEnd(width)}  ${Number.isInteger(value) ? value : value.toFixed(2)}`);
  }
}
