import type { JobRecord } from '@ltx-jobs/core';
import { EnvSchema, resolveHome } from '../config.js';
import { readLedger } from '../services.js';
import type { CommandContext } from './context.js';
import { type PickedJob, pickedLine, pickJob } from './pick-job.js';

/** A command's `<job>` argument, found in the ledger. */
export interface JobArg extends PickedJob<JobRecord> {
  records: JobRecord[];
  /** Where the ledger lives (for messages). */
  location: string;
}

/**
 * Reads the ledger and finds the job `text` names (a ref, `latest`, a name or an id prefix; see
 * {@link pickJob}). When it was not a full ref, says on stderr which job was picked.
 */
export async function jobArg(text: string, context: CommandContext): Promise<JobArg> {
  const { records, location } = await readLedger(resolveHome(EnvSchema.parse(context.env)));
  const picked = pickJob(text, records, location);
  const line = pickedLine(picked);
  if (line !== undefined) context.io.stderr.write(`${line}\n`);
  return { ...picked, records, location };
}
