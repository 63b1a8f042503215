import { stat } from 'node:fs/promises';
import { type Artifact, artifactKind, ConfigError, type JobRecord, UsageError } from '@ltx-jobs/core';
import { OpenArgsSchema, parseArgs } from '../args.js';
import { EnvSchema, loadConfig, requireKey } from '../config.js';
import { noticeDeprecations, openRunner } from '../services.js';
import { openCommand, openInSystem } from '../system-open.js';
import type { CommandContext } from './context.js';
import { jobArg } from './job-arg.js';

/**
 * `ltx-jobs open <job> [--artifact <kind>]`: opens an artifact of a succeeded job in the system's
 * player (`LTX_JOBS_OPEN_WITH`, else open / start / xdg-open), downloading it first when it is not on
 * disk. Default: the first video. Prints the file's path on stdout.
 */
export async function runOpen(raw: Record<string, unknown>, context: CommandContext): Promise<number> {
  const args = parseArgs(OpenArgsSchema, raw);
  const found = await jobArg(args.ref, context);
  const record = found.record;
  if (!record) throw new UsageError(`${found.ref} is not in the ledger (${found.location})`);
  if (record.job?.state !== 'succeeded') {
    throw new UsageError(
      `${record.ref} is ${record.job?.state ?? 'queued'}; only a succeeded job has artifacts to open`,
    );
  }
  const artifact = chooseArtifact(record, args.artifact);
  const path = (await onDisk(record, artifact)) ?? (await download(record, artifact, context));
  const command = openCommand(EnvSchema.parse(context.env));
  context.io.stdout.write(`${path}\n`);
  try {
    await openInSystem(command, path);
  } catch (error) {
    throw new ConfigError(
      `${error instanceof Error ? error.message : String(error)}; set LTX_JOBS_OPEN_WITH to your player (e.g. mpv), or open the file above yourself`,
    );
  }
  context.io.stderr.write(`Opened the ${artifactKind(artifact)} with ${command.join(' ')}\n`);
  return 0;
}

function chooseArtifact(record: JobRecord, wanted: string | undefined): Artifact {
  const artifacts = record.job?.artifacts ?? [];
  if (wanted === undefined) {
    const first = artifacts.find((a) => artifactKind(a) === 'video') ?? artifacts[0];
    if (first === undefined) throw new UsageError(`${record.ref} has no artifact`);
    return first;
  }
  const match = artifacts.find(
    (a) => a.label === wanted || artifactKind(a).toLowerCase() === wanted.toLowerCase(),
  );
  if (match === undefined) {
    const kinds = artifacts.map((a) => artifactKind(a)).join(', ');
    throw new UsageError(`${record.ref} has no "${wanted}" artifact; it has: ${kinds || 'none'}`);
  }
  return match;
}

/** The recorded file of `artifact` when it is complete on disk. */
async function onDisk(record: JobRecord, artifact: Artifact): Promise<string | undefined> {
  const done = record.downloads.find((d) => d.label === artifact.label);
  if (done === undefined) return undefined;
  const size = await stat(done.path).then(
    (s) => s.size,
    () => -1,
  );
  return size === done.bytes ? done.path : undefined;
}

async function download(record: JobRecord, artifact: Artifact, context: CommandContext): Promise<string> {
  const config = loadConfig(context.env);
  requireKey(config, record.provider);
  noticeDeprecations([record.provider], context.io);
  context.io.stderr.write(`The ${artifactKind(artifact)} is not on disk; downloading it first\n`);
  const runner = await openRunner(config, [record.provider], (line) => context.io.stderr.write(`${line}\n`));
  try {
    const downloads = await runner.download(record.ref, { signal: context.interrupt.signal });
    const done = downloads.find((d) => d.label === artifact.label);
    if (done === undefined) throw new Error(`the ${artifactKind(artifact)} could not be downloaded`);
    return done.path;
  } finally {
    runner.dispose();
  }
}
