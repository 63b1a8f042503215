import { afterEach, describe, expect, it } from 'vitest';
import { makeWav } from '../../core/test-support/media-files.mjs';
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

  it('charges input-billed endpoints by the length of the media they name (data: URI audio)', async () => {
    sim = await startSimulator({ balanceUsd: 1 });
    const audio = `data:audio/wav;base64,${Buffer.from(makeWav({ durationSeconds: 4 })).toString('base64')}`;
    const response = await ltx(sim, 'POST', '/v2/audio-to-video', { audio_uri: audio, prompt: 'a choir' });
    expect(response.status).toBe(202);
    expect(sim.balance()).toBeCloseTo(0.6, 6);
  });

  it('charges nothing without a balance, and setFaults tops it up', async () => {
    sim = await startSimulator();
    expect(sim.balance()).toBeNull();
    expect((await ltx(sim, 'POST', '/v2/text-to-video', pro1440)).status).toBe(202);
    sim.setFaults({ balanceUsd: 0.5 });
    expect((await ltx(sim, 'POST', '/v2/text-to-video', pro1440)).status).toBe(402);
  });
});
