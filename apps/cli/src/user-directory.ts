/**
 * The directory the user ran the command in. `pnpm ltx-jobs …` (the repository's root script) runs
 * the CLI in the repository root and keeps the user's directory in `INIT_CWD`; relative paths
 * (request files, `--out`, `LTX_JOBS_HOME`) must be read against that directory, not the root.
 * Only the `ltx-jobs` script's own run is redirected: a child started by another script (e.g. the
 * demo) keeps its working directory.
 */
export function userDirectory(env: Record<string, string | undefined>, cwd: string): string {
  const initial = env.INIT_CWD;
  if (initial === undefined || initial === '' || env.npm_lifecycle_event !== 'ltx-jobs') return cwd;
  return initial;
}
