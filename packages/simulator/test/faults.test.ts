import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock, type ManualClock, type Simulator, startSimulator } from '../src/index.js';
import { json, ltx, submitLtx, submitUseapi, t2vBody, useapi } from './helpers.js';

let sim: Simulator;
let clock: ManualClock;

beforeEach(async () => {
  clock = createManualClock();
  sim = await startSimulator({ now: clock.now, pendingMs: 1000, processingMs: 1000 });
});
afterEach(async () => {
  await sim.close();
});

describe('server-level fault rules', () => {
  it('answers a burst of N 5xx in each API envelope, then recovers', async () => {
    sim.setFaults({ rules: [{ type: 'http-error', status: 503, times: 2 }] });
    const first = await ltx(sim, 'POST', '/v2/text-to-video', t2vBody());
    expect(first.status).toBe(503);
    expect((await json(first)).error.type).toBe('service_unavailable');
    const second = await useapi(sim, 'GET', 'scheduler');
    expect(second.status).toBe(503);
    expect(await json(second)).toEqual({ error: 'Simulated server error (503)', code: 503 });
    expect((await ltx(sim, 'POST', '/v2/text-to-video', t2vBody())).status).toBe(202);
    expect(sim.pendingFaults()).toEqual([]);
    expect(sim.jobs.list()).toHaveLength(1);
  });

  it('answers 429 rate_limit_error with Retry-After, only where told', async () => {
    sim.addFault({ type: 'rate-limit', retryAfterSeconds: 3, where: { api: 'ltx', op: 'status' } });
    const id = await submitLtx(sim);
    const limited = await ltx(sim, 'GET', `/v2/text-to-video/${id}`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(await json(limited)).toEqual({
      type: 'error',
      error: { type: 'rate_limit_error', message: 'Rate limit exceeded' },
    });
    expect((await ltx(sim, 'GET', `/v2/text-to-video/${id}`)).status).toBe(200);
  });

  it('resets the connection before handling: no job is created', async () => {
    sim.addFault({ type: 'reset', where: { op: 'submit' } });
    await expect(ltx(sim, 'POST', '/v2/text-to-video', t2vBody())).rejects.toThrow();
    expect(sim.jobs.list()).toHaveLength(0);
    expect(sim.requestsWhere({ op: 'submit' })[0]).toMatchObject({
      outcome: 'reset',
      status: 0,
      fault: 'reset',
    });
  });

  it('resets after handling: the job exists but the client never hears of it', async () => {
    sim.addFault({ type: 'reset', after: true, where: { api: 'useapi', op: 'submit' } });
    await expect(useapi(sim, 'POST', 'videos/ltx-create', { prompt: 'x' })).rejects.toThrow();
    expect(sim.jobs.list('useapi')).toHaveLength(1);
    expect(sim.submitCount('useapi')).toBe(1);
    expect(sim.requestsWhere({ op: 'submit' })[0]?.outcome).toBe('reset');
  });

  it('delays a response by the given time and says so in the log', async () => {
    sim.addFault({ type: 'delay', ms: 30, where: { op: 'scheduler' } });
    expect((await useapi(sim, 'GET', 'scheduler')).status).toBe(200);
    expect(sim.requestsWhere({ op: 'scheduler' })[0]?.fault).toBe('delay:30');
  });

  it('sends malformed JSON', async () => {
    const id = await submitLtx(sim);
    sim.addFault({ type: 'malformed-json', where: { op: 'status' } });
    const res = await ltx(sim, 'GET', `/v2/text-to-video/${id}`);
    expect(res.status).toBe(200);
    await expect(res.json()).rejects.toThrow(SyntaxError);
  });

  it('refuses submits with 402 insufficient_funds_error (rule or directive); no job is made', async () => {
    sim.addFault({ type: 'insufficient-funds' });
    expect((await ltx(sim, 'GET', '/v2/text-to-video/x')).status).toBe(404);
    const rule = await ltx(sim, 'POST', '/v2/text-to-video', t2vBody());
    expect(rule.status).toBe(402);
    expect((await json(rule)).error.type).toBe('insufficient_funds_error');
    const directive = await useapi(sim, 'POST', 'videos/ltx-create', {
      prompt: 'x [sim:insufficient-funds]',
    });
    expect(directive.status).toBe(402);
    expect((await json(directive)).code).toBe(402);
    expect(sim.jobs.list()).toHaveLength(0);
  });

  it('can target the storage host', async () => {
    const id = await submitLtx(sim);
    clock.advance(2000);
    const url = (await json(await ltx(sim, 'GET', `/v2/text-to-video/${id}`))).result.video_url;
    sim.addFault({ type: 'http-error', status: 500, where: { api: 'storage' } });
    const res = await fetch(url);
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toContain('xml');
    expect((await fetch(url)).status).toBe(200);
  });
});

describe('job-level faults', () => {
  it('reports an unknown status value while running, then ends normally', async () => {
    const id = await submitLtx(sim, 'x [sim:unknown-status=rendering]');
    expect((await json(await ltx(sim, 'GET', `/v2/text-to-video/${id}`))).status).toBe('rendering');
    const jobId = await submitUseapi(sim, { prompt: 'y [sim:unknown-status=queued_remote]' });
    const read = async () => json(await useapi(sim, 'GET', `assets/${encodeURIComponent(jobId)}`));
    expect((await read()).status.type).toBe('queued_remote');
    clock.advance(2000);
    expect((await json(await ltx(sim, 'GET', `/v2/text-to-video/${id}`))).status).toBe('completed');
    expect((await read()).status.type).toBe('completed');
  });

  it('applies jobFaults by 1-based job index, and per-job timing and retention', async () => {
    sim.setFaults({ jobFaults: { 2: { fail: 'content_filtered_error' } }, ltxConcurrencyLimit: null });
    const ok = await submitLtx(sim);
    const bad = await submitLtx(sim);
    const quick = await submitLtx(sim, 'q [sim:pending-ms=0] [sim:processing-ms=10] [sim:retention-ms=5]');
    clock.advance(10);
    expect(sim.jobs.get(quick)?.outcome).toBe('succeeded');
    clock.advance(5);
    expect((await ltx(sim, 'GET', `/v2/text-to-video/${quick}`)).status).toBe(404);
    clock.advance(2000);
    expect(sim.jobs.get(ok)?.outcome).toBe('succeeded');
    expect((await json(await ltx(sim, 'GET', `/v2/text-to-video/${bad}`))).error.type).toBe(
      'content_filtered_error',
    );
  });

  it('fails the share of jobs given by failRate, drawn from the random source', async () => {
    await sim.close();
    const draws = [0.1, 0.9];
    sim = await startSimulator({ now: clock.now, failRate: 0.5, random: () => draws.shift() ?? 0.9 });
    const a = await submitLtx(sim);
    const b = await submitLtx(sim);
    expect(sim.jobs.get(a)?.failure?.type).toBe('api_error');
    expect(sim.jobs.get(b)?.failure).toBeUndefined();
  });

  it('cuts every artifact once when cutDownloads is on', async () => {
    sim.setFaults({ cutDownloads: true });
    const id = await submitLtx(sim);
    clock.advance(2000);
    const url = (await json(await ltx(sim, 'GET', `/v2/text-to-video/${id}`))).result.video_url;
    await expect((await fetch(url)).arrayBuffer()).rejects.toThrow();
    expect((await fetch(url)).status).toBe(200);
  });
});

describe('request log', () => {
  it('records method, path, api, op, status and redacts Authorization', async () => {
    await submitLtx(sim);
    const [entry] = sim.requests;
    expect(entry).toMatchObject({
      seq: 1,
      api: 'ltx',
      op: 'submit',
      method: 'POST',
      path: '/ltx/v2/text-to-video',
    });
    expect(entry?.status).toBe(202);
    expect(entry?.headers.authorization).toBe('[redacted]');
    expect(JSON.stringify(sim.requests)).not.toContain(sim.ltxApiKey);
    sim.clearRequests();
    expect(sim.requests).toHaveLength(0);
  });
});
