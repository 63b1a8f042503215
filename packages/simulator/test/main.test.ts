import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

// Runs the built entry point; `pnpm test` builds first (turbo), a bare `vitest run` before a build skips it.
describe.skipIf(!existsSync(MAIN))('dist/main.js', () => {
  it('prints base URLs and env vars, serves both APIs, and stops cleanly on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      [MAIN, '--port', '0', '--pending-ms', '0', '--processing-ms', '0'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    onTestFinished(() => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('Ctrl+C')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`exited early with ${code}: ${out}`)));
    });
    const env = Object.fromEntries([...out.matchAll(/export (\w+)=(\S+)/g)].map((m) => [m[1], m[2]]));
    expect(Object.keys(env).sort()).toEqual([
      'LTX_API_BASE_URL',
      'LTX_API_KEY',
      'USEAPI_API_TOKEN',
      'USEAPI_BASE_URL',
    ]);
    const res = await fetch(`${env.LTX_API_BASE_URL}/v2/text-to-video`, {
      method: 'POST',
      headers: { authorization: `Bearer ${env.LTX_API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'x', model: 'ltx-2-3-fast', duration: 6, resolution: '1920x1080' }),
    });
    expect(res.status).toBe(202);
    const scheduler = await fetch(`${env.USEAPI_BASE_URL}/v1/ltxstudio/scheduler`, {
      headers: { authorization: `Bearer ${env.USEAPI_API_TOKEN}` },
    });
    expect(scheduler.status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('exits 1 naming a bad flag', async () => {
    const child = spawn(process.execPath, [MAIN, '--fail-rate', '7'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(err).toContain('--fail-rate');
  });
});
