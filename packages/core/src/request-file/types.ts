import type { RequestFileIssue } from '../errors/request-file-error.js';
import type { ProviderName } from '../job.js';
import type { Variations } from '../runs/variations-schema.js';

/**
 * A parsed, validated `*.ltx.json` request file. The zod schema in this folder infers exactly this
 * shape; `request` has already been checked against the endpoint's body schema.
 */
export interface RequestFile {
  /** Editor hint only; ignored. */
  $schema?: string;
  provider: ProviderName;
  /** `text-to-video`, ... for ltx; `videos/ltx-create`, ... for useapi. */
  endpoint: string;
  /** Shown in lists and the tree; default: the file's base name without `.ltx.json`. */
  name?: string;
  /** The API body, exactly as the endpoint takes it (media fields may name local files). */
  request: Record<string, unknown>;
  /** Output folder for artifacts, relative to the request file. */
  output?: string;
  /** Makes the file several jobs, submitted as one run (see `expandVariations`). */
  variations?: Variations;
  /**
   * Notes of the validator about a file that is sent anyway (severity `warning`, located): values newer
   * than the capability table, unconfirmed features, deprecations. Not part of the request; absent when none.
   */
  warnings?: RequestFileIssue[];
}
