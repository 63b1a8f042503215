import type { Simulator } from '../src/index.js';

/** A valid LTX text-to-video body (core's schema: model, duration and resolution are required). */
export function t2vBody(
  prompt = 'a lighthouse at dusk',
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { prompt, model: 'ltx-2-3-fast', duration: 6, resolution: '1920x1080', ...extra };
}

/** Calls an LTX route with the simulator's key (or `token`, or none when `token` is null). */
export function ltx(
  sim: Simulator,
  method: string,
  path: string,
  body?: unknown,
  token: string | null = sim.ltxApiKey,
): Promise<Response> {
  const headers: Record<string, string> = {};
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${sim.ltxBaseUrl}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
}

/** Calls a useapi route (`path` relative to `/v1/ltxstudio`) with the simulator's token (or `token`). */
export function useapi(
  sim: Simulator,
  method: string,
  path: string,
  body?: unknown,
  token: string | null = sim.useapiToken,
): Promise<Response> {
  const headers: Record<string, string> = {};
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${sim.useapiBaseUrl}/v1/ltxstudio/${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** Submits a text-to-video job and returns its id. */
export async function submitLtx(
  sim: Simulator,
  prompt?: string,
  extra?: Record<string, unknown>,
): Promise<string> {
  const res = await ltx(sim, 'POST', '/v2/text-to-video', t2vBody(prompt, extra));
  if (res.status !== 202) throw new Error(`submit answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

/** Submits a useapi ltx-create job and returns its jobId. */
export async function submitUseapi(
  sim: Simulator,
  body: Record<string, unknown> = { prompt: 'a fox' },
): Promise<string> {
  const res = await useapi(sim, 'POST', 'videos/ltx-create', body);
  if (res.status !== 200) throw new Error(`submit answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { jobId: string }).jobId;
}

// biome-ignore lint/suspicious/noExplicitAny: tests read nested wire fields and assert on them
export type Wire = Record<string, any>;

/** Reads JSON from a response typed loosely for assertions. */
export async function json(res: Response): Promise<Wire> {
  return (await res.json()) as Wire;
}
