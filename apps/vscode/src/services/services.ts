import type { ApiKeyCheck, Logger, ProviderName, RunStore } from '@ltx-jobs/core';
import * as vscode from 'vscode';
import type { RequestDiagnostics } from '../features/request-diagnostics.js';
import type { MediaPreviews } from '../gallery/media-previews.js';
import { Runs } from '../runs/runs.js';
import { TeamJobs } from '../team/team-jobs.js';
import { ApiKeys } from './api-keys.js';
import { CliJobs } from './cli-jobs.js';
import { deferredRunner } from './deferred-runner.js';
import { externalJobs } from './external-jobs.js';
import { JobStore } from './job-store.js';
import { createChannelLogger } from './logger.js';
import { UnseenFailures } from './unseen-failures.js';
import { ViewState } from './view-state.js';

/**
 * The services activation builds ({@link createServices}): what the Jobs view, the status bar and
 * the context keys need. The features loaded on first use complete them into {@link Services}.
 */
export interface CoreServices {
  context: vscode.ExtensionContext;
  /** The "LTX Jobs" log channel. */
  log: vscode.LogOutputChannel;
  /** The core logger writing to {@link Services.log}. Never given a secret. */
  logger: Logger;
  apiKeys: ApiKeys;
  store: JobStore;
  /** The CLI's jobs of this workspace, shown by the store next to its own (issue 13). */
  cliJobs: CliJobs;
  /** The team queue's jobs when `ltxJobs.queue.url` is set (issue 14), shown by the store too. */
  teamJobs: TeamJobs;
  /** Runs (variations, several files, manifests submitted as one) and their progress. */
  runs: Runs;
  unseenFailures: UnseenFailures;
  /** Grouping and state filter of the Jobs view (per workspace). */
  viewState: ViewState;
  /** Checks a key with its provider without billing (see `checkKey`). */
  checkKey(provider: ProviderName, apiKey: string): Promise<ApiKeyCheck>;
  /** Shows and focuses a job in the tree (set by the tree feature). */
  revealJob(ref: string): Promise<void>;
  /** Shows and focuses a run's node in the tree (set by the tree feature). */
  revealRun(id: string): Promise<void>;
}

/**
 * The services every feature gets: the core ones plus those of the features loaded on first use
 * (see activation/load-features.ts), on the same object.
 */
export interface Services extends CoreServices {
  diagnostics: RequestDiagnostics;
  /** Video facts, poster frames and sound copies (ffmpeg) for the gallery and the preview. */
  previews: MediaPreviews;
}

/** Builds the log, secrets and the job store over the core runner and its ledger. */
export async function createServices(context: vscode.ExtensionContext): Promise<CoreServices> {
  const log = vscode.window.createOutputChannel('LTX Jobs', { log: true });
  const logger = createChannelLogger(log);
  const apiKeys = new ApiKeys(context.secrets);
  // The core runner (ledger, poll engine, HTTP, downloads, zod) loads in its own bundle after
  // activation (issue 8); the store and the views start empty and refresh once it is in.
  const runner = deferredRunner(
    afterActivation().then(async () =>
      (await import('./runner-factory.js')).createRunner(context, apiKeys, logger),
    ),
  );
  const cliJobs = createCliJobs(context, logger);
  const teamJobs = createTeamJobs(context, logger);
  const store = new JobStore(runner, logger, Date.now, externalJobs(cliJobs, teamJobs));
  const runs = new Runs(store, deferredRunStore(context, logger), logger);
  void runs.load().catch((error: unknown) => logger.error(`Could not read the runs: ${String(error)}`));
  context.subscriptions.push(
    log,
    apiKeys,
    { dispose: () => runs.dispose() },
    { dispose: () => store.dispose() },
    { dispose: () => cliJobs.dispose() },
    { dispose: () => teamJobs.dispose() },
  );
  return {
    context,
    log,
    logger,
    apiKeys,
    store,
    cliJobs,
    teamJobs,
    runs,
    unseenFailures: new UnseenFailures(),
    viewState: new ViewState(context.workspaceState),
    checkKey: async (provider, apiKey) => (await import('./check-key.js')).checkKey(provider, apiKey, logger),
    revealJob: async () => {},
    revealRun: async () => {},
  };
}

/** Workspace-state key of the CLI jobs the user removed from this workspace's list. */
const HIDDEN_CLI_JOBS = 'ltxJobs.hiddenCliJobs';

/**
 * The CLI's jobs of this workspace (issue 13), read once this window's own list is in and again when
 * `ltxJobs.cliHome` or the workspace folders change.
 */
function createCliJobs(context: vscode.ExtensionContext, logger: Logger): CliJobs {
  const state = context.workspaceState;
  const cliJobs = new CliJobs({
    source: async () => (await import('./runner-factory.js')).cliLedgerSource(),
    folders: () =>
      (vscode.workspace.workspaceFolders ?? [])
        .filter((f) => f.uri.scheme === 'file')
        .map((f) => f.uri.fsPath),
    hidden: {
      has: (ref) => state.get<string[]>(HIDDEN_CLI_JOBS, []).includes(ref),
      add: (ref) => void state.update(HIDDEN_CLI_JOBS, [...state.get<string[]>(HIDDEN_CLI_JOBS, []), ref]),
    },
    logger,
  });
  const reopen = () =>
    cliJobs
      .open()
      .catch((error: unknown) => logger.warn(`Could not read the CLI's job list: ${String(error)}`));
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('ltxJobs.cliHome')) void reopen();
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => void reopen()),
  );
  return cliJobs;
}

/** Workspace-state key of the team jobs the user removed from this workspace's list. */
const HIDDEN_TEAM_JOBS = 'ltxJobs.hiddenTeamJobs';

/** SecretStorage key of the team queue's Redis password (Set Team Queue Password). */
export const QUEUE_PASSWORD_SECRET = 'ltxJobs.queue.password';

/**
 * The team queue's jobs (issue 14), opened once this window's own list is in and again when a
 * `ltxJobs.queue.*` setting or the stored password changes. Its code (dist/team.js: BullMQ, ioredis)
 * loads only when `ltxJobs.queue.url` is set; the password is read only then.
 */
function createTeamJobs(context: vscode.ExtensionContext, logger: Logger): TeamJobs {
  const state = context.workspaceState;
  const teamJobs = new TeamJobs({
    config: async () => {
      const settings = vscode.workspace.getConfiguration('ltxJobs.queue');
      const url = (settings.get<string>('url') ?? '').trim();
      return {
        url,
        password: url === '' ? undefined : await context.secrets.get(QUEUE_PASSWORD_SECRET),
        sharedFolder: settings.get<string>('sharedFolder') ?? '',
      };
    },
    load: () => import('../team/team-reader.js'),
    hidden: {
      has: (ref) => state.get<string[]>(HIDDEN_TEAM_JOBS, []).includes(ref),
      add: (ref) => void state.update(HIDDEN_TEAM_JOBS, [...state.get<string[]>(HIDDEN_TEAM_JOBS, []), ref]),
    },
    logger,
  });
  const reopen = () => teamJobs.open().catch((error: unknown) => logger.warn(`Team queue: ${String(error)}`));
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('ltxJobs.queue')) void reopen();
    }),
    context.secrets.onDidChange((event) => {
      if (event.key === QUEUE_PASSWORD_SECRET) void reopen();
    }),
  );
  return teamJobs;
}

/** Resolves on the event loop's next turn: once `activate()` has returned to VS Code. */
function afterActivation(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** The run store (core's run files and their schemas), loaded with the runner after activation. */
function deferredRunStore(context: vscode.ExtensionContext, logger: Logger): RunStore {
  const loading = afterActivation().then(async () =>
    (await import('./runner-factory.js')).createRunStore(context, logger),
  );
  return {
    list: async () => (await loading).list(),
    get: async (id) => (await loading).get(id),
    put: async (run) => (await loading).put(run),
    remove: async (id) => (await loading).remove(id),
  };
}
