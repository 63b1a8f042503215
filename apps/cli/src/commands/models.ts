import { type CatalogModel, LTX_CATALOG, listModels, type Support } from '@ltx-jobs/core';
import { ListArgsSchema, parseArgs } from '../args.js';
import { EXIT } from '../exit-codes.js';
import type { CommandContext } from './context.js';

/** `2, 3, 4, 5, 6, 8, 10, 12, 14` -> `2-6, 8-14 (even)`: runs of 1 s steps and of 2 s steps folded. */
export function formatDurations(durations: readonly number[]): string {
  const parts: string[] = [];
  let i = 0;
  while (i < durations.length) {
    const start = durations[i]!;
    const step = (durations[i + 1] ?? start) - start;
    let j = i;
    while (
      j + 1 < durations.length &&
      durations[j + 1]! - durations[j]! === step &&
      (step === 1 || step === 2)
    )
      j++;
    const end = durations[j]!;
    if (j - i >= 2) parts.push(`${start}-${end}${step === 2 ? ' (even)' : ''}`);
    else {
      parts.push(String(start));
      if (j > i) parts.push(String(end));
    }
    i = j + 1;
  }
  return parts.join(', ');
}

const SUPPORT: Record<Support, string> = {
  yes: 'yes',
  no: 'no',
  unconfirmed: 'unconfirmed (sent with a warning)',
};

function statusLine(model: CatalogModel): string {
  if (model.status === 'removed')
    return `removed ${model.removedOn ?? ''} (LTX refuses it); use ${model.replacement ?? 'a current model'}`;
  if (model.status === 'deprecated')
    return `deprecated ${model.deprecatedOn ?? ''}; use ${model.replacement ?? 'a current model'}`;
  return model.releasedOn ? `current (released ${model.releasedOn})` : 'current';
}

/** The human-readable block of one model. */
export function modelBlock(model: CatalogModel): string[] {
  const lines = [`${model.id}  ${model.label}  ${statusLine(model)}`];
  if (model.status === 'removed') return lines;
  const row = (label: string, value: string) => `  ${label.padEnd(12)}${value}`;
  lines.push(row('endpoints', model.endpoints.join(', ')));
  const video = model.video;
  if (video) {
    lines.push(row('sizes', video.resolutions.join(' ')));
    for (const [i, r] of video.envelope.entries()) {
      const at = `${formatDurations(r.durations)} s at ${r.tiers.join('/')}, ${r.fps.join('/')} fps`;
      lines.push(row(i === 0 ? 'durations' : '', at));
    }
    lines.push(row('auto length', video.autoDuration ? 'yes (duration: null; text-/image-to-video)' : 'no'));
    lines.push(row('camera', SUPPORT[video.cameraMotion]));
    lines.push(row('last frame', SUPPORT[video.lastFrame]));
  }
  if (model.audioToVideo) lines.push(row('audio sizes', model.audioToVideo.resolutions.join(' ')));
  return lines;
}

/**
 * `ltx-jobs models [--json]`: the capability table the CLI validates with. `--json` prints the table
 * as data (models, sizes, rules, sources, the date it was checked); otherwise one block per model,
 * then the decisions taken where sources disagree, and the sources.
 */
export async function runModels(raw: Record<string, unknown>, context: CommandContext): Promise<number> {
  const args = parseArgs(ListArgsSchema, raw);
  const out = context.io.stdout;
  if (args.json) {
    out.write(`${JSON.stringify(LTX_CATALOG, null, 2)}\n`);
    return EXIT.ok;
  }
  const lines = [`LTX capability table, checked ${LTX_CATALOG.checkedOn}`, ''];
  for (const model of listModels()) lines.push(...modelBlock(model), '');
  lines.push(
    'Values newer than the table (model ids, sizes, fps, durations) are sent with a warning; --strict refuses them.',
  );
  lines.push('', 'Decisions:');
  for (const note of LTX_CATALOG.notes) lines.push(`  - ${note}`);
  lines.push('', 'Sources:');
  for (const source of Object.values(LTX_CATALOG.sources))
    lines.push(`  - ${source.title} (${source.date}): ${source.location}`);
  out.write(`${lines.join('\n')}\n`);
  return EXIT.ok;
}
