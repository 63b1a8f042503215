import type { ProviderName } from '../job.js';
import type { JobRecord } from '../ledger/types.js';
import { localMediaRefs } from '../providers/body-schemas.js';
import { locateLocalMedia } from '../providers/local-media.js';
import { readProvenanceSource } from './provenance-file.js';
import { fullChain, type TakeParent } from './take-link.js';

/**
 * What a request is a take of: its first media field that names a local file (the file that will be
 * uploaded). When a provenance file sits beside that file, the job that made it and its chain come
 * along; a plain file (a PNG to animate) is a parent without a job. Undefined when the request sends
 * no local file, or the file cannot be found (the submit then reports that itself).
 * @param baseDir the request file's folder, which relative media paths are resolved against.
 */
export async function findTakeParent(
  provider: ProviderName,
  endpoint: string,
  body: Record<string, unknown>,
  baseDir: string,
): Promise<TakeParent | undefined> {
  const [first] = localMediaRefs(provider, endpoint, body);
  if (first === undefined) return undefined;
  const found = await locateLocalMedia(first.value, baseDir, first.extensions);
  if ('problem' in found) return undefined;
  return takeParentOfFile(found.path, first.field);
}

/** The parent that a local `file` sent in `field` makes, read from the file's provenance when it has one. */
export async function takeParentOfFile(file: string, field: string): Promise<TakeParent> {
  const provenance = await readProvenanceSource(file);
  if (provenance === undefined) return { file, field, chain: [] };
  return {
    file,
    field,
    ref: provenance.ref,
    endpoint: provenance.endpoint,
    chain: provenance.takeOf === undefined ? [] : fullChain(provenance.takeOf),
  };
}

/** The parent when the source is known by its ledger record (`--from <ref>`): `file` is its artifact. */
export function takeParentOfRecord(record: JobRecord, file: string, field: string): TakeParent {
  return {
    file,
    field,
    ref: record.ref,
    endpoint: record.endpoint,
    chain: record.parent === undefined ? [] : fullChain(record.parent),
  };
}
