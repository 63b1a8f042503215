// Where the `ltx-jobs` CLI keeps its state (the ledger folder), from the environment: the CLI opens its
// ledger there, the VS Code extension reads it to show the jobs the CLI or its MCP server started in
// the workspace. Free of zod and of the API clients, so `list` and `status` start quickly.
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

/** The variables {@link resolveHome} reads (as config.ts's EnvSchema parses them: blank means unset). */
export interface HomeEnv {
  LTX_JOBS_HOME?: string | undefined;
  XDG_DATA_HOME?: string | undefined;
  APPDATA?: string | undefined;
}

/**
 * The per-user data folder: `LTX_JOBS_HOME`, else `%APPDATA%\ltx-jobs` on Windows, else
 * `$XDG_DATA_HOME/ltx-jobs`, else `~/.local/share/ltx-jobs`.
 */
export function resolveHome(
  env: HomeEnv,
  platform: NodeJS.Platform = process.platform,
  home = homedir(),
): string {
  if (env.LTX_JOBS_HOME) return resolve(env.LTX_JOBS_HOME);
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'ltx-jobs');
  if (env.XDG_DATA_HOME && isAbsolute(env.XDG_DATA_HOME)) return join(env.XDG_DATA_HOME, 'ltx-jobs');
  return join(home, '.local', 'share', 'ltx-jobs');
}

/** {@link resolveHome} of the raw process environment; a blank variable counts as unset, trimmed as EnvSchema does. */
export function homeFromEnv(raw: Record<string, string | undefined>): string {
  const text = (value: string | undefined) =>
    value === undefined || value.trim() === '' ? undefined : value.trim();
  return resolveHome({
    LTX_JOBS_HOME: text(raw.LTX_JOBS_HOME),
    XDG_DATA_HOME: text(raw.XDG_DATA_HOME),
    APPDATA: text(raw.APPDATA),
  });
}

/** File name of the ledger inside the home folder (written by core's file store). */
export const LEDGER_FILE = 'jobs.jsonl';

/** Absolute path of the ledger file in the home folder `home` (see {@link resolveHome}). */
export function ledgerPath(home: string): string {
  return join(home, LEDGER_FILE);
}
