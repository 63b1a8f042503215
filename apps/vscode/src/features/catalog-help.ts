import {
  CATALOG_CHECKED_ON,
  type CatalogModel,
  defaultModelFor,
  durationsFor,
  fpsFor,
  knownDurations,
  knownFps,
  knownResolutions,
  LTX_DEFAULT_FPS,
  listModels,
  modelInfo,
  modelsForEndpoint,
  resolutionInfo,
} from '@ltx-jobs/core';

// Completions and hovers for the request fields the capability table governs (model, resolution,
// fps, duration of LTX requests), computed from the table and the rest of the body. Pure: no vscode.

/** One value to offer. */
export interface Suggestion {
  /** The JSON value inserted. */
  value: unknown;
  /** Shown in the list, e.g. `ltx-2-5-fast`. */
  label: string;
  /** One line next to the label, e.g. `current · 720p-2160p, up to 20 s`. */
  detail: string;
  /** Markdown shown beside the list. */
  documentation: string;
  /** Removed or deprecated: shown struck through, listed last. */
  deprecated: boolean;
  /** Sort key (the table's order: newest current models first). */
  sortText: string;
}

const FIELDS = new Set(['model', 'resolution', 'fps', 'duration']);

/** True when `field` of an LTX request is one whose values come from the capability table. */
export function isCatalogField(provider: string | undefined, field: string | undefined): boolean {
  return provider === 'ltx' && field !== undefined && FIELDS.has(field);
}

function modelOf(endpoint: string, body: Record<string, unknown>): CatalogModel | undefined {
  const id = typeof body.model === 'string' ? body.model : defaultModelFor(endpoint);
  return id === undefined ? undefined : modelInfo(id);
}

function modelDetail(model: CatalogModel): string {
  if (model.status === 'removed') return `removed ${model.removedOn ?? ''} · use ${model.replacement ?? '?'}`;
  if (model.status === 'deprecated') return `deprecated · use ${model.replacement ?? '?'}`;
  return model.releasedOn ? `current · released ${model.releasedOn}` : 'current';
}

/** Markdown describing a model: status (why removed, what replaces it), endpoints, sizes, durations. */
export function modelMarkdown(model: CatalogModel): string {
  const lines = [`**${model.id}** · ${model.label}`, '', model.summary];
  if (model.status === 'removed') {
    lines.push(
      '',
      `Removed on ${model.removedOn} (deprecated since ${model.deprecatedOn}): LTX refuses requests naming it. Use \`${model.replacement}\`.`,
    );
  } else {
    lines.push('', `Endpoints: ${model.endpoints.join(', ')}`);
    const video = model.video;
    if (video) {
      lines.push('', `Sizes: ${video.resolutions.join(', ')}`);
      for (const row of video.envelope)
        lines.push(`- ${row.durations.join(', ')} s at ${row.tiers.join('/')} and ${row.fps.join('/')} fps`);
      if (video.autoDuration) lines.push('', '`duration: null`: the server picks the length.');
    }
  }
  lines.push('', `_LTX capability table checked on ${CATALOG_CHECKED_ON}._`);
  return lines.join('\n');
}

function modelSuggestions(endpoint: string): Suggestion[] {
  const serving = new Set(modelsForEndpoint(endpoint).map((m) => m.id));
  const fallback = defaultModelFor(endpoint);
  return listModels()
    .filter((m) => serving.has(m.id) || m.status === 'removed')
    .map((m, i) => ({
      value: m.id,
      label: m.id,
      detail: `${modelDetail(m)}${m.id === fallback ? ' · default' : ''}`,
      documentation: modelMarkdown(m),
      deprecated: m.status !== 'current',
      sortText: `${m.status === 'current' ? 0 : 1}${String(i).padStart(2, '0')}`,
    }));
}

function numbered(values: readonly number[], detail: (v: number) => string, docs: string): Suggestion[] {
  return values.map((v, i) => ({
    value: v,
    label: String(v),
    detail: detail(v),
    documentation: docs,
    deprecated: false,
    sortText: String(i).padStart(3, '0'),
  }));
}

function resolutionSuggestions(endpoint: string, model: CatalogModel | undefined): Suggestion[] {
  const sizes =
    endpoint === 'audio-to-video'
      ? (model?.audioToVideo?.resolutions ?? ['1920x1080', '1080x1920'])
      : (model?.video?.resolutions ?? knownResolutions().map((r) => r.id));
  const who = model ? `${model.id} renders these sizes.` : 'Sizes of the capability table.';
  return sizes.map((id, i) => {
    const info = resolutionInfo(id);
    return {
      value: id,
      label: id,
      detail: info ? `${info.tier} ${info.orientation}` : '',
      documentation: `${who} _Table checked on ${CATALOG_CHECKED_ON}._`,
      deprecated: false,
      sortText: String(i).padStart(3, '0'),
    };
  });
}

/**
 * The values to offer for `field` of an LTX `endpoint` request, given the rest of `body`: models that
 * serve the endpoint (newest first; removed ones struck through and last), the sizes the model
 * renders, the fps at that size, the durations at that size and fps (`null` where auto length is
 * allowed). Empty for a field the table does not govern.
 */
export function catalogSuggestions(
  endpoint: string,
  field: string,
  body: Record<string, unknown>,
): Suggestion[] {
  const model = modelOf(endpoint, body);
  const resolution = typeof body.resolution === 'string' ? body.resolution : undefined;
  const fps = typeof body.fps === 'number' ? body.fps : LTX_DEFAULT_FPS;
  const video = endpoint === 'text-to-video' || endpoint === 'image-to-video';
  if (field === 'model') return modelSuggestions(endpoint);
  if (field === 'resolution' && (video || endpoint === 'audio-to-video'))
    return resolutionSuggestions(endpoint, model);
  if (field === 'fps' && video) {
    const values = model && resolution ? fpsFor(model, resolution) : (model?.video?.fps ?? knownFps());
    const where = model && resolution ? ` at ${resolution}` : '';
    return numbered(
      values,
      (v) => (v === LTX_DEFAULT_FPS ? 'fps · default' : 'fps'),
      `${model?.id ?? 'LTX'} renders ${values.join(', ')} fps${where}.`,
    );
  }
  if (field === 'duration' && video) {
    const values = model && resolution ? durationsFor(model, resolution, fps) : [...knownDurations()];
    const where =
      model && resolution ? `${model.id} at ${resolution} and ${fps} fps` : 'The capability table';
    const docs = `${where}: ${values.join(', ')} s.`;
    const list = numbered(values, () => 'seconds', docs);
    if (model?.video?.autoDuration) {
      list.unshift({
        value: null,
        label: 'null',
        detail: 'auto length: the server picks it',
        documentation: `${model.id} picks the length itself when \`duration\` is \`null\`.`,
        deprecated: false,
        sortText: '000',
      });
    }
    return list;
  }
  return [];
}

/** Markdown for the value of `field` under the cursor, or undefined when there is nothing to say. */
export function catalogHover(
  endpoint: string,
  field: string,
  value: unknown,
  body: Record<string, unknown>,
): string | undefined {
  if (field === 'model' && typeof value === 'string') {
    const model = modelInfo(value);
    if (model) return modelMarkdown(model);
    return `**${value}** is not in the LTX capability table checked on ${CATALOG_CHECKED_ON}: the request is sent as is and LTX decides (\`ltxJobs.validation: "strict"\` refuses it).`;
  }
  if (field === 'resolution' && typeof value === 'string') {
    const info = resolutionInfo(value);
    if (!info) return `**${value}** is not a size the capability table of ${CATALOG_CHECKED_ON} knows.`;
    const by = listModels().filter((m) => m.status === 'current' && m.video?.resolutions.includes(value));
    return `**${value}** · ${info.tier} ${info.orientation}\n\nRendered by: ${by.map((m) => `\`${m.id}\``).join(', ')}`;
  }
  if (field === 'duration' || field === 'fps') {
    const numeric = catalogSuggestions(endpoint, field, body).find((s) => typeof s.value === 'number');
    return numeric?.documentation;
  }
  return undefined;
}
