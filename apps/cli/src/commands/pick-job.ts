import { formatJobRef, formatLocalTime, parseJobRef, UsageError } from '@ltx-jobs/core';

/** What picking needs of a job: a ledger record, or a listing's summary of one. */
export interface Pickable {
  ref: string;
  name?: string | undefined;
  /** ISO-8601. */
  submittedAt: string;
}

/** What `<job>` named, and how the CLI found it. */
export interface PickedJob<T extends Pickable = Pickable> {
  /** The formatted job ref. */
  ref: string;
  /** The ledger's record (or summary), when the job is in the ledger. */
  record: T | undefined;
  /** How it was picked, for the "using …" line; undefined when a full ref was given. */
  how: string | undefined;
}

/** The word for the newest job in the ledger. */
export const LATEST = 'latest';
/** Shortest id prefix accepted (shorter ones match too much by chance). */
export const MIN_PREFIX = 4;

/**
 * Finds the job a command argument names, in this order: a full ref (`ltx:<endpoint>/<id>`,
 * `useapi:<jobId>`, in the ledger or not), `latest` (the newest job), a job name (the newest job of
 * that name; else of the one name it starts, in any case), or a prefix of at least {@link MIN_PREFIX} characters of a job id (`6f1c1c8e`).
 * @param records the ledger's records, newest first
 * @throws UsageError naming the candidates when a prefix is ambiguous, or what was tried when
 *   nothing matches
 */
export function pickJob<T extends Pickable>(
  text: string,
  records: readonly T[],
  location: string,
): PickedJob<T> {
  const value = text.trim();
  if (value.startsWith('ltx:') || value.startsWith('useapi:')) {
    const ref = formatJobRef(parseJobRef(value));
    return { ref, record: records.find((r) => r.ref === ref), how: undefined };
  }
  if (value.toLowerCase() === LATEST) {
    const newest = records[0];
    if (newest === undefined) throw new UsageError(`There is no job in the ledger (${location}) yet`);
    return { ref: newest.ref, record: newest, how: 'the newest job' };
  }
  const named = records.filter((r) => r.name === value);
  if (named.length > 0) {
    const [newest] = named as [T];
    const how = named.length === 1 ? 'by name' : `the newest of ${named.length} jobs with this name`;
    return { ref: newest.ref, record: newest, how };
  }
  const lower = value.toLowerCase();
  const byId =
    value.length >= MIN_PREFIX
      ? records.filter((r) => idOf(r).startsWith(lower) || idPart(r).startsWith(lower))
      : [];
  // A name given in part or in other case ("lighthouse" for "Lighthouse at dusk"): the newest job
  // of the one name it starts, when it starts only one.
  const byName = records.filter((r) => r.name?.toLowerCase().startsWith(lower) === true);
  const names = [...new Set(byName.map((r) => r.name))];
  if (byId.length === 1 && byName.length === 0) {
    const [only] = byId as [T];
    return { ref: only.ref, record: only, how: `id prefix ${value}` };
  }
  if (byId.length === 0 && names.length === 1) {
    const [newest] = byName as [T];
    const how =
      byName.length === 1
        ? `name starts "${value}"`
        : `the newest of ${byName.length} jobs named "${newest.name}"`;
    return { ref: newest.ref, record: newest, how };
  }
  if (byId.length + names.length > 1) {
    const candidates = [...byId, ...names.map((n) => byName.find((r) => r.name === n) as T)];
    const shown = candidates.slice(0, 5).map((r) => `  ${r.ref}  ${r.name ?? ''}`.trimEnd());
    const more = candidates.length > 5 ? [`  … and ${candidates.length - 5} more`] : [];
    const what =
      byId.length > 0 && names.length === 0 ? 'give more of the id' : 'give more of the name or id';
    throw new UsageError(
      [`"${value}" matches ${candidates.length} jobs; ${what}:`, ...shown, ...more].join('\n'),
    );
  }
  throw new UsageError(
    `No job matches "${value}" in the ledger (${location}): give a job ref (ltx:<endpoint>/<id>, useapi:<jobId>), ` +
      `"${LATEST}", a job name (or its start), or the first ${MIN_PREFIX}+ characters of its id (see: ltx-jobs list)`,
  );
}

/** The provider's job id of a ref (`ltx:<endpoint>/<id>`, `useapi:<jobId>`), lower case. */
function idOf(job: Pickable): string {
  const id = job.ref.startsWith('useapi:')
    ? job.ref.slice('useapi:'.length)
    : job.ref.slice(job.ref.lastIndexOf('/') + 1);
  return id.toLowerCase();
}

/** The uuid inside a useapi job id (`email:…-job:<uuid>-type:video`), lower case, else the id. */
function idPart(job: Pickable): string {
  const match = /-job:([^-]+(?:-[^-]+){4})-type:/.exec(idOf(job));
  return match?.[1] ?? idOf(job);
}

/** The line that says which job a command picked: `Using ltx:…/6f1c… ("sunset", submitted today 20:10, the newest job)`. */
export function pickedLine(picked: PickedJob, now = Date.now()): string | undefined {
  if (picked.how === undefined || picked.record === undefined) return undefined;
  const r = picked.record;
  const at = Date.parse(r.submittedAt);
  const parts = [
    r.name === undefined ? '' : `"${r.name}"`,
    Number.isNaN(at) ? '' : `submitted ${formatLocalTime(at, now)}`,
    picked.how === 'by name' ? '' : picked.how,
  ].filter((s) => s !== '');
  return `Using ${r.ref} (${parts.join(', ')})`;
}
