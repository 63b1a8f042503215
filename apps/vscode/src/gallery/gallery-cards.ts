import type { JobRecord, JobState, VideoFacts } from '@ltx-jobs/core';
import { formatDuration, takeForest } from '@ltx-jobs/core';
import { baseName } from '../view-model/format.js';
import { displayName, modelOf, stateLabel, stateOf } from '../view-model/job-view.js';

/** What kind of thing a card shows. */
export type CardKind = 'video' | 'image' | 'file' | 'pending';

/** One card of the gallery: an artifact of a job, or a job that has none (yet). Pure data. */
export interface GalleryCard {
  /** `<ref>#<artifact label>`, or the ref of a job without artifacts. Favourites are kept by it. */
  key: string;
  ref: string;
  /** The artifact's label, for an artifact card. */
  label?: string;
  kind: CardKind;
  name: string;
  prompt?: string;
  model?: string;
  endpoint: string;
  provider: JobRecord['provider'];
  state: JobState;
  /** `succeeded`, `running 40%`, `failed: content_filtered_error`. */
  stateText: string;
  /** `WIDTHxHEIGHT`, from the request or the file. */
  resolution?: string;
  /** Width × height, for sorting. */
  pixels?: number;
  durationSeconds?: number;
  /** The cost estimate as text (`≈ $0.18`), when the record has one. */
  cost?: string;
  /** ISO-8601 submit time. */
  submittedAt: string;
  /** Absolute path of the downloaded file. */
  path?: string;
  /** The file's sound: `aac` plays silently in VS Code without a sound copy. Unknown until read. */
  sound?: VideoFacts['sound'];
  favourite: boolean;
  /** Ref of the root job of this card's take tree (itself for an original). */
  group: string;
  /** 0 for an original, 1 for a take of it, 2 for a take of that take... */
  depth: number;
  /** For a take: the name of its source (a job's name, or a file name) and the endpoint that made it. */
  takeOf?: { name: string; endpoint: string };
}

/** Inputs of {@link galleryCards} besides the records. */
export interface CardContext {
  favourites: ReadonlySet<string>;
  /** Facts read from a downloaded video, by path (absent until read). */
  facts: (path: string) => VideoFacts | undefined;
  /** The estimate of a record as text, when it has one. */
  cost?: (record: JobRecord) => string | undefined;
}

const VIDEO = /\.(mp4|mov|mkv|webm)$/i;
const IMAGE = /\.(png|jpe?g|webp|gif)$/i;

/** The kind of an artifact, by its downloaded file or else its MIME type. */
export function kindOf(path: string | undefined, mimeType: string | undefined): CardKind {
  if (path !== undefined) return VIDEO.test(path) ? 'video' : IMAGE.test(path) ? 'image' : 'file';
  if (mimeType?.startsWith('video/')) return 'video';
  if (mimeType?.startsWith('image/')) return 'image';
  return 'file';
}

function requestField(record: JobRecord, field: string): unknown {
  const request = record.request;
  return typeof request === 'object' && request !== null
    ? (request as Record<string, unknown>)[field]
    : undefined;
}

/**
 * Every artifact of every job as a card (a job without artifacts, e.g. running or failed, as one
 * card), in the order of `records`. A take knows its group (the root of its take tree) and depth.
 */
export function galleryCards(records: readonly JobRecord[], context: CardContext): GalleryCard[] {
  const forest = takeForest(records);
  const placement = new Map<string, { group: string; depth: number }>();
  const place = (record: JobRecord, group: string, depth: number) => {
    placement.set(record.ref, { group, depth });
    for (const take of forest.takesOf(record.ref)) place(take, group, depth + 1);
  };
  for (const root of forest.roots) place(root, root.ref, 0);

  const cards: GalleryCard[] = [];
  for (const record of records) {
    const { group, depth } = placement.get(record.ref) ?? { group: record.ref, depth: 0 };
    const prompt = requestField(record, 'prompt');
    const requested = requestField(record, 'resolution');
    const seconds = requestField(record, 'duration');
    const error = record.job?.error;
    const base: Omit<GalleryCard, 'key' | 'kind' | 'favourite'> = {
      ref: record.ref,
      name: displayName(record),
      endpoint: record.endpoint,
      provider: record.provider,
      state: stateOf(record),
      stateText: error === undefined ? stateLabel(record) : `${stateOf(record)}: ${error.type}`,
      submittedAt: record.submittedAt,
      group,
      depth,
    };
    if (typeof prompt === 'string' && prompt !== '') base.prompt = prompt;
    const model = modelOf(record);
    if (model !== undefined) base.model = model;
    const cost = context.cost?.(record);
    if (cost !== undefined) base.cost = cost;
    const takeOf = takeOfText(record, forest.parentOf(record.ref));
    if (takeOf !== undefined) base.takeOf = takeOf;
    const artifacts = record.job?.artifacts ?? [];
    if (artifacts.length === 0) {
      const card: GalleryCard = {
        ...base,
        key: record.ref,
        kind: 'pending',
        favourite: context.favourites.has(record.ref),
      };
      cards.push(withSize(card, requested, seconds, undefined));
    }
    for (const artifact of artifacts) {
      const key = `${record.ref}#${artifact.label}`;
      const path = record.downloads.find((d) => d.label === artifact.label)?.path;
      const facts = path === undefined ? undefined : context.facts(path);
      const card: GalleryCard = {
        ...base,
        key,
        label: artifact.label,
        kind: kindOf(path, artifact.mimeType),
        favourite: context.favourites.has(key),
      };
      if (path !== undefined) card.path = path;
      if (facts !== undefined) card.sound = facts.sound;
      cards.push(withSize(card, requested, seconds, facts));
    }
  }
  return cards;
}

/** Sets resolution and length: the file's own when read, else what the request asked for. */
function withSize(card: GalleryCard, requested: unknown, seconds: unknown, facts: VideoFacts | undefined) {
  const fromRequest = typeof requested === 'string' ? /^(\d+)x(\d+)$/.exec(requested) : null;
  const width = facts?.width ?? (fromRequest ? Number(fromRequest[1]) : undefined);
  const height = facts?.height ?? (fromRequest ? Number(fromRequest[2]) : undefined);
  if (width !== undefined && height !== undefined) {
    card.resolution = `${width}x${height}`;
    card.pixels = width * height;
  }
  const duration = facts?.durationSeconds ?? (typeof seconds === 'number' ? seconds : undefined);
  if (duration !== undefined) card.durationSeconds = duration;
  return card;
}

function takeOfText(record: JobRecord, parent: JobRecord | undefined): GalleryCard['takeOf'] {
  if (record.parent === undefined) return undefined;
  const name = parent !== undefined ? displayName(parent) : baseName(record.parent.file);
  return { name, endpoint: record.endpoint };
}

/** `6 s`, `1m 05s`: a card's length. */
export function lengthText(seconds: number): string {
  return seconds < 60 ? `${Math.round(seconds * 10) / 10} s` : formatDuration(seconds * 1000);
}
