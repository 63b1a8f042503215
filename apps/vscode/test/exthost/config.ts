import { readFileSync } from 'node:fs';

/** Which part of the suite one extension-host session runs. */
export type Phase =
  /** Every self-contained test, then the first half of the reload test (submit a slow job). */
  | 'main'
  /** The second half of the reload test, in a new extension-host session on the same profile. */
  | 'resume'
  /** The language-model tools through vscode.lm.invokeTool (e2e/lm-tools.e2e.test.mjs answers their dialogs). */
  | 'lm-tools';

/** What the runner tells the suite, as JSON in the file named by `E2E_EXTHOST_CONFIG`. */
export interface SuiteConfig {
  phase: Phase;
  /** The simulator both API base URLs point at, and its request-log endpoint. */
  simulator: {
    /** `ltxJobs.ltx.baseUrl` of the workspace copy, e.g. `http://127.0.0.1:41234/ltx`. */
    ltxBaseUrl: string;
    /** `ltxJobs.useapi.baseUrl` of the workspace copy, e.g. `http://127.0.0.1:41234/useapi`. */
    useapiBaseUrl: string;
    /** `GET` returns `{ entries: RequestLogEntry[] }` (the harness's loopback admin server). */
    logUrl: string;
    /** `POST` a simulator FaultRule as JSON to add it (e.g. `{type:'delay', ms, where:{op:'download'}}`). */
    faultUrl: string;
    /** The key the simulator accepts on LTX routes. */
    ltxApiKey: string;
    /** The token the simulator accepts on useapi routes. */
    useapiToken: string;
  };
  /** Values the `main` session handed on to the `resume` session (from its result's `carry`). */
  carry?: Record<string, unknown>;
}

/** Reads the suite config; throws a clear error when the runner did not provide one. */
export function readSuiteConfig(): SuiteConfig {
  const path = process.env.E2E_EXTHOST_CONFIG;
  if (!path)
    throw new Error(
      'E2E_EXTHOST_CONFIG is not set: start the suite with e2e/run-code-server.mjs or e2e/run-electron.mjs',
    );
  return JSON.parse(readFileSync(path, 'utf8')) as SuiteConfig;
}
