import { type Exchange, sendJson } from './http-kit.js';
import { phaseAt } from './job-clock.js';
import type { SimContext } from './sim-context.js';
import { sendUseapiError, useapiAuthorized } from './useapi-auth.js';
import { signedArtifact } from './useapi-render.js';

const FILTERS: Record<string, (mimeType: string) => boolean> = {
  images: (m) => m.startsWith('image/'),
  videos: (m) => m.startsWith('video/'),
  audio: (m) => m.startsWith('audio/'),
  other: (m) => !/^(image|video|audio)\//.test(m),
};

function positive(text: string | null, fallback: number): number | undefined {
  if (text === null) return fallback;
  const value = Number(text);
  return Number.isInteger(value) && value >= 1 ? value : undefined;
}

/**
 * `GET /assets/?page=&limit=&filter=`: the account's generated assets, newest first, as useapi's docs
 * shape them (`items[]` with `id`, `jobId`, `signedAsset`, `relatedAssets`; `meta` with page counts).
 * Only jobs that completed with an artifact (and are not expired) are assets.
 */
export function listAssets(ctx: SimContext, ex: Exchange): void {
  if (!useapiAuthorized(ctx, ex)) return;
  const query = ex.url.searchParams;
  const page = positive(query.get('page'), 1);
  const limit = positive(query.get('limit'), 20);
  const filter = query.get('filter');
  if (page === undefined || limit === undefined || limit > 100) {
    sendUseapiError(ex, 400, 'Parameters page and limit must be whole numbers (limit 1-100)');
    return;
  }
  if (filter !== null && !(filter in FILTERS)) {
    sendUseapiError(
      ex,
      400,
      `Parameter filter (${filter}) must be one of ${Object.keys(FILTERS).join(', ')}`,
    );
    return;
  }
  const now = ctx.now();
  const items = ctx.jobs
    .all()
    .filter((job) => job.provider === 'useapi' && phaseAt(job, now) === 'ended' && job.failure === undefined)
    .filter((job) => job.cancelledAt === undefined)
    .sort((a, b) => b.createdAt - a.createdAt)
    .flatMap((job) => {
      const signed = signedArtifact(job, ctx.storage);
      if (!signed) return [];
      const mimeType = String((signed.asset as { mimeType?: unknown }).mimeType ?? '');
      if (filter !== null && !FILTERS[filter]?.(mimeType)) return [];
      return [{ id: job.artifactId, jobId: job.id, signedAsset: signed, relatedAssets: {} }];
    });
  const totalPages = Math.max(1, Math.ceil(items.length / limit));
  const slice = items.slice((page - 1) * limit, page * limit);
  sendJson(ex, 200, {
    items: slice,
    meta: {
      totalItems: items.length,
      itemCount: slice.length,
      itemsPerPage: limit,
      totalPages,
      currentPage: page,
    },
  });
}
