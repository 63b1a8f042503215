import { basename, dirname, resolve } from 'node:path';
import type { RequestFileError } from '../errors/request-file-error.js';
import { UsageError } from '../errors/usage-error.js';
import type { RequestCheckOptions } from '../providers/body-schemas.js';
import { fillMediaField } from '../takes/fill-media.js';
import type { TakeParent } from '../takes/take-link.js';
import { runInputHash } from './input-hash.js';
import { type LoadedInput, type LoadedRunRequest, splitIssues } from './loaded-request.js';
import { isCsvManifest, loadCsvManifest } from './manifest-csv.js';
import { isJsonlManifest, loadJsonlManifest } from './manifest-jsonl.js';
import { checkRequestText, readRunInput } from './request-text.js';
import type { PlannedJob, RunKind } from './run-record.js';
import { baseJobName, expandVariations } from './variations.js';

/** Options of {@link planRun}. */
export interface PlanOptions extends RequestCheckOptions {
  /** The template request file of CSV inputs (`--template`). */
  template?: string | undefined;
  /** Leave invalid manifest lines and files out (reported in `skipped`) instead of refusing the run. */
  skipInvalid?: boolean | undefined;
  /** Takes of every request (the extension's "Generate Variations…"): replaces `variations.count`. */
  count?: number | undefined;
  /**
   * `submit --from`: this file goes into each request file's media field that takes it (see
   * fillMediaField; not for manifests); `parent` names the job it came from, by the field it filled.
   */
  from?: { path: string; parent?: (field: string) => TakeParent | undefined } | undefined;
}

/** Everything a submit of `inputs` will send, checked, before anything is sent. */
export interface RunPlan {
  kind: RunKind;
  /** `dawn ×4`, `shots.ltx.jsonl`, `a.ltx.json, b.ltx.json`, `5 files`. */
  name: string;
  /** Absolute paths of the inputs (and the CSV template). */
  sources: string[];
  /** In order; without output folders and estimates (the front end adds them). */
  jobs: PlannedJob[];
  /** With `skipInvalid`: what was left out and why. */
  skipped: { where: string; message: string }[];
  /** The validator's notes on requests that are sent anyway. */
  warnings: RequestFileError[];
  /** Jobs whose request is the same as an earlier job's in this run (billed twice unless intended). */
  repeats: { job: PlannedJob; sameAs: PlannedJob }[];
}

/** A request file given directly: one request (its variations are expanded later). */
async function loadRequestInput(path: string, options: PlanOptions): Promise<LoadedInput> {
  const baseDir = dirname(path);
  let text = await readRunInput(path);
  let parent: TakeParent | undefined;
  if (options.from !== undefined) {
    const filled = fillMediaField(text, path, options.from.path);
    text = filled.text;
    parent = options.from.parent?.(filled.field);
  }
  const checked = await checkRequestText(text, baseDir, options);
  const { error, warning } = splitIssues(path, checked.issues);
  const file = error === undefined ? checked.file : undefined;
  return {
    requests: file
      ? [{ file, requestFile: path, keyLabel: path, baseDir, ...(parent ? { parent } : {}) }]
      : [],
    errors: error ? [error] : [],
    warnings: warning ? [warning] : [],
  };
}

function loadInput(path: string, options: PlanOptions): Promise<LoadedInput> {
  const manifest = isJsonlManifest(path) || isCsvManifest(path);
  if (manifest && options.from !== undefined) {
    throw new UsageError(
      `--from fills request files, not manifests: put the file in ${path}'s requests instead`,
    );
  }
  if (isJsonlManifest(path)) return loadJsonlManifest(path, options);
  if (isCsvManifest(path)) {
    if (options.template === undefined) {
      throw new UsageError(
        `${path} is a CSV of prompts: give the request file it fills in with --template <file.ltx.json>`,
      );
    }
    return loadCsvManifest(path, resolve(options.template), options);
  }
  return loadRequestInput(path, options);
}

/** The jobs of one loaded request: one, or one per variant. */
function jobsOf(
  request: LoadedRunRequest,
  input: number,
  options: PlanOptions,
): Omit<PlannedJob, 'inputHash'>[] {
  const file =
    options.count === undefined
      ? request.file
      : { ...request.file, variations: { ...request.file.variations, count: options.count } };
  const { variations, warnings: _w, $schema: _s, ...plain } = file;
  const line = request.line ?? 0;
  const common = {
    baseDir: request.baseDir,
    requestFile: request.requestFile,
    ...(request.line === undefined ? {} : { line: request.line }),
    ...(request.manifest === undefined ? {} : { manifest: request.manifest }),
    ...(request.parent === undefined ? {} : { parent: request.parent }),
  };
  if (variations === undefined) {
    const name = baseJobName(plain, request.keyLabel);
    return [{ key: `${input}:${line}:0`, name, file: { ...plain, name }, ...common }];
  }
  return expandVariations(file, request.keyLabel).map((v) => ({
    key: `${input}:${line}:${v.index + 1}`,
    name: v.name,
    file: { ...plain, name: v.name, request: v.request },
    variantKey: v.key,
    ...common,
  }));
}

function kindAndName(
  paths: readonly string[],
  loaded: readonly LoadedInput[],
  jobs: readonly PlannedJob[],
): { kind: RunKind; name: string } {
  const manifest = paths.find((i) => isJsonlManifest(i) || isCsvManifest(i));
  const more = paths.length > 1 ? ` + ${paths.length - 1} more` : '';
  if (manifest) return { kind: 'manifest', name: `${basename(manifest)}${more}` };
  const only = loaded.length === 1 ? loaded[0]?.requests[0] : undefined;
  if (only && jobs[0]?.variantKey !== undefined) {
    return { kind: 'variations', name: `${baseJobName(only.file, only.keyLabel)} ×${jobs.length}` };
  }
  const names = paths.map((i) => basename(i));
  return { kind: 'files', name: names.length <= 3 ? names.join(', ') : `${names.length} files` };
}

/**
 * Reads and checks every input of a submit (request files, JSONL manifests, CSVs of prompts with
 * `options.template`) and plans its jobs: variations expanded, each job with a stable key, name,
 * variant key and first-attempt input hash. Nothing is sent. Throws the RequestFileError (or an
 * AggregateError of them) of every bad file and line unless `skipInvalid`, which leaves them out;
 * UsageError for an input that cannot be read, a CSV without template, or nothing left to send.
 */
export async function planRun(inputs: readonly string[], options: PlanOptions = {}): Promise<RunPlan> {
  const paths = inputs.map((i) => resolve(i));
  const settled = await Promise.allSettled(paths.map((p) => loadInput(p, options)));
  // An input that cannot be read at all (missing, a folder, a FIFO) stops the run even with skipInvalid.
  const unreadable = settled.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  const loaded = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const errors = loaded.flatMap((l) => l.errors);
  const fatal = options.skipInvalid ? unreadable : [...unreadable, ...errors];
  if (fatal.length === 1) throw fatal[0];
  if (fatal.length > 1) {
    throw new AggregateError(fatal, `${fatal.length} inputs or lines cannot be submitted; nothing was sent`);
  }
  const jobs: PlannedJob[] = [];
  loaded.forEach((input, i) => {
    for (const request of input.requests) {
      for (const job of jobsOf(request, i + 1, options)) {
        jobs.push({ ...job, inputHash: runInputHash(job.file, { runId: '', variantKey: job.variantKey }) });
      }
    }
  });
  const skipped = errors.flatMap((e) =>
    e.issues.map((issue) => ({
      where: `${e.file}${issue.line ? `:${issue.line}` : ''}`,
      message: `${issue.path}: ${issue.message}`,
    })),
  );
  if (jobs.length === 0) throw new UsageError('Nothing to submit: every request was invalid and skipped');
  const firstByHash = new Map<string, PlannedJob>();
  const repeats: RunPlan['repeats'] = [];
  for (const job of jobs) {
    const earlier = firstByHash.get(job.inputHash);
    if (earlier) repeats.push({ job, sameAs: earlier });
    else firstByHash.set(job.inputHash, job);
  }
  const sources =
    options.template === undefined || !paths.some(isCsvManifest)
      ? paths
      : [...paths, resolve(options.template)];
  return {
    ...kindAndName(paths, loaded, jobs),
    sources,
    jobs,
    skipped,
    warnings: loaded.flatMap((l) => l.warnings),
    repeats,
  };
}
