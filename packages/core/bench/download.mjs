import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDeps, downloadArtifact } from '../dist/index.js';

/** A loopback server that generates `bytes` bytes on the fly (one 64 KiB block repeated), honouring backpressure. */
async function startGenerator(bytes) {
  const block = Buffer.alloc(64 * 1024, 0x5a);
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': bytes });
    let left = bytes;
    const pump = () => {
      while (left > 0) {
        const chunk = left >= block.length ? block : block.subarray(0, left);
        left -= chunk.length;
        if (!res.write(chunk)) return res.once('drain', pump);
      }
      res.end();
    };
    pump();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/artifact.mp4`,
    close: () => new Promise((r) => server.close(r)),
  };
}

/** Downloads a generated artifact of `megabytes` MB through downloadArtifact; samples RSS as bytes arrive. */
export async function benchDownload({ megabytes = 200 } = {}) {
  const bytes = megabytes * 1024 * 1024;
  const server = await startGenerator(bytes);
  const dir = await mkdtemp(join(tmpdir(), 'ltx-bench-dl-'));
  try {
    globalThis.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    let samples = 0;
    const t0 = performance.now();
    const result = await downloadArtifact({
      url: server.url,
      dir,
      fileName: 'artifact.mp4',
      deps: createDeps(),
      onProgress: () => {
        if (++samples % 64 === 0) rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
      },
    });
    const seconds = (performance.now() - t0) / 1000;
    const { size } = await stat(result.path);
    if (size !== bytes) throw new Error(`downloaded ${size} of ${bytes} bytes`);
    return {
      megabytes,
      seconds,
      mbPerSecond: megabytes / seconds,
      rssBeforeMb: rssBefore / 1e6,
      rssPeakMb: rssPeak / 1e6,
      rssGrowthMb: (rssPeak - rssBefore) / 1e6,
    };
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}
