import { z } from 'zod';
import type { Deps } from '../../deps.js';
import { requestJson } from '../../http/request.js';
import type { CallOptions, SubmitMarker, SubmitResult } from '../../provider.js';
import { mapUseapiJob } from './map.js';
import { UseapiJobSchema } from './wire.js';

/** Pages of `GET assets/` searched for a lost job, newest first (3 of 20: the job was just made). */
const ASSET_PAGES = 3;
const ASSET_PAGE_SIZE = 20;

const SchedulerItemSchema = z.looseObject({ jobId: z.string(), replyRef: z.string().optional() });
const AssetListSchema = z.looseObject({
  items: z.array(z.looseObject({ jobId: z.string().optional() })),
  meta: z.looseObject({ totalPages: z.number().optional() }).optional(),
});

/** What the search needs of the client. */
export interface UseapiSearchContext {
  deps: Deps;
  /** `<origin>/v1/ltxstudio`. */
  root: string;
  apiToken: string;
  timeoutMs: number;
}

/**
 * Finds the job of a submit whose answer was lost by the `replyRef` it was sent with: first among the
 * jobs useapi's scheduler still runs (`GET scheduler`, which lists replyRef), then among the newest
 * generated assets (`GET assets/?page=`, which lists jobId), reading each candidate's status
 * (`GET assets/{jobId}`, which echoes replyRef). Undefined when nothing matches.
 */
export async function findUseapiSubmit(
  context: UseapiSearchContext,
  marker: SubmitMarker,
  call: CallOptions = {},
): Promise<SubmitResult | undefined> {
  const { deps, root, apiToken, timeoutMs } = context;
  const get = <T>(path: string, schema: z.ZodType<T>) =>
    requestJson(deps, {
      provider: 'useapi',
      method: 'GET',
      url: `${root}/${path}`,
      token: apiToken,
      timeoutMs,
      schema,
      ...(call.signal ? { signal: call.signal } : {}),
    }).then((r) => r.data);

  const running = (await get('scheduler', z.array(SchedulerItemSchema))).find(
    (i) => i.replyRef === marker.marker,
  );
  if (running) return { id: running.jobId, raw: running };
  const seen = new Set<string>();
  for (let page = 1; page <= ASSET_PAGES; page++) {
    const list = await get(`assets/?page=${page}&limit=${ASSET_PAGE_SIZE}`, AssetListSchema);
    for (const item of list.items) {
      if (!item.jobId || seen.has(item.jobId)) continue;
      seen.add(item.jobId);
      const status = await get(`assets/${encodeURIComponent(item.jobId)}`, UseapiJobSchema);
      if (status.replyRef !== marker.marker) continue;
      const job = mapUseapiJob(status, { endpoint: marker.endpoint, jobId: item.jobId, nowMs: deps.now() });
      return { id: item.jobId, raw: status, job };
    }
    if (page >= (list.meta?.totalPages ?? 1)) break;
  }
  return undefined;
}
