// Per-run copies of the fixture workspace, with settings that point the extension at the simulator.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXT_DIR } from './env.mjs';

/** The checked-in fixture workspace (never written to by a run). */
export const FIXTURE_WORKSPACE = join(EXT_DIR, 'test', 'fixture-workspace');

/**
 * Copies `source` (default: the fixture workspace) to `dest` and merges `ltxJobs.ltx.baseUrl` and
 * `ltxJobs.useapi.baseUrl` of the simulator (plus `extraSettings`) into the copy's `.vscode/settings.json`.
 * With `keep`, an existing `dest` is reused as it is (only the settings are merged again). No secret
 * is ever written there. Returns `dest`.
 */
export function prepareWorkspace(
  dest,
  simulator,
  { source = FIXTURE_WORKSPACE, extraSettings = {}, keep = false } = {},
) {
  if (!keep || !existsSync(dest)) {
    rmSync(dest, { recursive: true, force: true });
    mkdirSync(dest, { recursive: true });
    cpSync(source, dest, { recursive: true });
  }
  const settingsPath = join(dest, '.vscode', 'settings.json');
  let settings = {};
  try {
    settings = JSON.parse(readFileSync(settingsPath, 'utf8'));
  } catch {
    mkdirSync(join(dest, '.vscode'), { recursive: true });
  }
  Object.assign(settings, {
    'ltxJobs.ltx.baseUrl': simulator.ltxBaseUrl,
    'ltxJobs.useapi.baseUrl': simulator.useapiBaseUrl,
    ...extraSettings,
  });
  writeFileSync(settingsPath, `${JSON.stringify(settings, null, 2)}\n`);
  return dest;
}
