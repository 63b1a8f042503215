import { isAbsolute, join } from 'node:path';
import { DEFAULT_MAX_UNSIZED_BYTES, parseByteSize } from '@ltx-jobs/core';
import * as vscode from 'vscode';
import { z } from 'zod';

/** The `ltxJobs.*` settings, parsed; defaults as in package.json. */
export const SettingsSchema = z.object({
  ltxBaseUrl: z.string().catch('https://api.ltx.video'),
  useapiBaseUrl: z.string().catch('https://api.useapi.net'),
  /** Seconds between status reads. Default 5. */
  pollIntervalSeconds: z.number().min(1).max(600).catch(5),
  /** Relative to the request file's workspace folder, or absolute. Default `ltx-output`. */
  outputFolder: z.string().min(1).catch('ltx-output'),
  autoDownload: z.boolean().catch(true),
  notifications: z.enum(['all', 'errors', 'none']).catch('all'),
  /** LTX generations running at once. Default 2. */
  ltxConcurrentJobs: z.number().int().min(1).max(20).catch(2),
  /** Ask before a submit whose estimate (USD) is above this; `null` = never ask. */
  confirmAbove: z.number().nonnegative().nullable().catch(null),
  /** Refuse a submit that would take the day's estimated spend (USD) over this; `null` = no budget. */
  dailyBudget: z.number().nonnegative().nullable().catch(null),
  /** Folder of the `ltx-jobs` CLI's ledger whose jobs of this workspace are shown; blank: the CLI's own rule. */
  cliHome: z.string().catch(''),
  /** ffmpeg for sound copies and poster frames; blank: the first on PATH. */
  ffmpegPath: z.string().catch(''),
  /** Cap for an artifact of undeclared size, in bytes (`ltxJobs.download.maxUnsizedSize`). Default 4 GiB. */
  maxUnsizedDownloadBytes: z
    .string()
    .refine((text) => parseByteSize(text) !== undefined)
    .transform((text) => parseByteSize(text)!)
    .catch(DEFAULT_MAX_UNSIZED_BYTES),
});
export type Settings = z.infer<typeof SettingsSchema>;

/**
 * Reads the settings now. Only `outputFolder` is resource-scoped: it is read for `scope` (a request
 * file) when given; the others are window settings.
 */
export function readSettings(scope?: vscode.Uri): Settings {
  const c = vscode.workspace.getConfiguration('ltxJobs');
  return SettingsSchema.parse({
    ltxBaseUrl: c.get('ltx.baseUrl'),
    useapiBaseUrl: c.get('useapi.baseUrl'),
    pollIntervalSeconds: c.get('pollIntervalSeconds'),
    outputFolder: vscode.workspace.getConfiguration('ltxJobs', scope ?? null).get('outputFolder'),
    autoDownload: c.get('autoDownload'),
    notifications: c.get('notifications'),
    ltxConcurrentJobs: c.get('ltx.concurrentJobs'),
    confirmAbove: c.get('confirmAbove'),
    dailyBudget: c.get('budget.daily'),
    cliHome: c.get('cliHome'),
    ffmpegPath: c.get('ffmpegPath'),
    maxUnsizedDownloadBytes: c.get('download.maxUnsizedSize'),
  });
}

/**
 * Where the artifacts of a request file go: the file's own `output` (relative to the file), else
 * `ltxJobs.outputFolder` (relative to the file's workspace folder, or to the file's folder outside
 * any workspace folder). Returns an absolute file-system path.
 */
export function outputDirFor(requestFile: vscode.Uri, fileOutput: string | undefined): string {
  const fileDir = vscode.Uri.joinPath(requestFile, '..').fsPath;
  if (fileOutput !== undefined) return isAbsolute(fileOutput) ? fileOutput : join(fileDir, fileOutput);
  const folder = readSettings(requestFile).outputFolder;
  if (isAbsolute(folder)) return folder;
  const workspaceFolder = vscode.workspace.getWorkspaceFolder(requestFile);
  return join(workspaceFolder?.uri.fsPath ?? fileDir, folder);
}

/** The default output folder when no request file is known (tracked jobs). */
export function defaultOutputDir(): string | undefined {
  const folder = readSettings().outputFolder;
  if (isAbsolute(folder)) return folder;
  const first = vscode.workspace.workspaceFolders?.[0];
  return first === undefined ? undefined : join(first.uri.fsPath, folder);
}
