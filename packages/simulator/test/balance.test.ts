import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../src/index.js';
import { ltx, t2vBody } from './helpers.js';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});
/** ltx-2-3-pro at 1440p costs $0.16/s: 6 s is $0.96. */
const pro1440 = t2vBody('a lighthouse', { model: 'ltx-2-3-pro', resolution: '2560x1440' });

describe('simulated LTX balance', () => {
  it('charges each accepted submit its estimate and answers 402 once the balance cannot cover one', async () => {
    sim = await startSimulator({ balanceUsd: 2, ltxConcurrencyLimit: null });
    for (let i = 0; i < 2; i++)
      expect((await ltx(sim, 'POST', '/v2/text-to-video', pro1440)).status).toBe(202);
    expect(sim.balance()).toBeCloseTo(0.08, 6);
    const refused = await ltx(sim, 'POST', '/v2/text-to-video', pro1440);
    expect(refused.status).toBe(402);
    expect(await refused.json()).toEqual({
      type: 'error',
      error: {
        type: 'insufficient_funds_error',
        message: 'Insufficient funds. Required: $0.96 (estimated), balance: $0.08',
      },
    });
    expect(sim.jobs.list('ltx')).toHaveLength(2);
    expect(sim.balance()).toBeCloseTo(0.08, 6);
  });

  it('charges retake by the length of the uploaded video (ltx://uploads/…, 3 s at $0.10/s)', async () => {
    sim = await startSimulator({ balanceUsd: 1 });
    const video = readFileSync(fileURLToPath(new URL('../assets/landscape.mp4', import.meta.url)));
    const slot = (await (await ltx(sim, 'POST', '/v1/upload')).json()) as {
      upload_url: string;
      storage_uri: string;
      required_headers: Record<string, string>;
    };
    const put = await fetch(slot.upload_url, { method: 'PUT', headers: slot.required_headers, body: video });
    expect(put.ok).toBe(true);
    const body = { video_uri: slot.storage_uri, start_time: 0, duration: 2, prompt: 'rain' };
    expect((await ltx(sim, 'POST', '/v2/retake', body)).status).toBe(202);
    expect(sim.balance()).toBeCloseTo(0.7, 2);
  });

  it('charges nothing without a balance, and setFaults tops it up', async () => {
    sim = await startSimulator();
    expect(sim.balance()).toBeNull();
    expect((await ltx(sim, 'POST', '/v2/text-to-video', pro1440)).status).toBe(202);
    sim.setFaults({ balanceUsd: 0.5 });
    expect((await ltx(sim, 'POST', '/v2/text-to-video', pro1440)).status).toBe(402);
  });
});
