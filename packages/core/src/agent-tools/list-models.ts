import type { z } from 'zod';
import { listModels, modelsForEndpoint } from '../catalog/lookup.js';
import { LTX_CATALOG } from '../catalog/table.js';
import type { CatalogModel } from '../catalog/types.js';
import { UsageError } from '../errors/usage-error.js';
import { isLtxEndpoint, LTX_ENDPOINTS } from '../providers/ltx/endpoints.js';
import type { ToolAnswer } from './request-tools.js';
import type { ListModelsInputSchema, ListModelsOutputSchema } from './schemas.js';

type ModelView = z.infer<typeof ListModelsOutputSchema>['models'][number];

function viewOf(model: CatalogModel): ModelView {
  const view: ModelView = {
    id: model.id,
    label: model.label,
    status: model.status,
    endpoints: [...model.endpoints],
    summary: model.summary,
  };
  if (model.replacement) view.replacement = model.replacement;
  if (model.deprecatedOn) view.deprecatedOn = model.deprecatedOn;
  if (model.removedOn) view.removedOn = model.removedOn;
  if (model.video) {
    const { video } = model;
    view.video = {
      resolutions: [...video.resolutions],
      fps: [...video.fps],
      envelope: video.envelope.map((row) => ({
        tiers: [...row.tiers],
        fps: [...row.fps],
        durations: [...row.durations],
      })),
      autoDuration: video.autoDuration,
      generateAudio: video.generateAudio,
      cameraMotion: video.cameraMotion,
      lastFrame: video.lastFrame,
    };
  }
  if (model.audioToVideo) view.audioToVideo = { resolutions: [...model.audioToVideo.resolutions] };
  return view;
}

/** One line per model for the text answer: `ltx-2-3-fast (current): text-to-video, image-to-video`. */
function modelLine(model: ModelView): string {
  const status =
    model.status === 'current' ? 'current' : `${model.status}, use ${model.replacement ?? 'a current model'}`;
  return `${model.id} (${status}): ${model.endpoints.join(', ') || 'no endpoint'}`;
}

/**
 * `ltx_list_models`: the capability table the validator uses (core's catalog), optionally only the
 * models that serve one LTX endpoint; removed ids only on request.
 */
export async function listModelsTool(
  input: z.infer<typeof ListModelsInputSchema>,
): Promise<ToolAnswer<z.infer<typeof ListModelsOutputSchema>>> {
  if (input.endpoint !== undefined && !isLtxEndpoint(input.endpoint)) {
    throw new UsageError(`Unknown LTX endpoint "${input.endpoint}"; one of ${LTX_ENDPOINTS.join(', ')}`);
  }
  const models = (input.endpoint === undefined ? listModels() : modelsForEndpoint(input.endpoint))
    .filter((m) => input.includeRemoved || m.status !== 'removed')
    .map(viewOf);
  const head = `LTX capability table, checked ${LTX_CATALOG.checkedOn}${input.endpoint ? `, models for ${input.endpoint}` : ''}:`;
  return {
    output: { checkedOn: LTX_CATALOG.checkedOn, models, notes: [...LTX_CATALOG.notes] },
    summary: [head, ...models.map((m) => `  ${modelLine(m)}`)].join('\n'),
  };
}
