import { join } from 'node:path';
import type * as vscode from 'vscode';
import { registerCommands } from '../commands/index.js';
import { registerCompletion, resumeDownloads } from '../features/completion.js';
import { registerKeyProblems } from '../features/key-problems.js';
import { RequestDiagnostics, registerRequestDiagnostics } from '../features/request-diagnostics.js';
import { registerRequestEditorHelp } from '../features/request-editor-help.js';
import { registerRequestQuickFixes } from '../features/request-quick-fixes.js';
import { registerSubmitCodeLens } from '../features/submit-code-lens.js';
import { MediaPreviews } from '../gallery/media-previews.js';
import { registerGallery } from '../gallery/register-gallery.js';
import { createLmTools } from '../lm-tools/register.js';
import type { CoreServices, Services } from '../services/services.js';
import { readSettings } from '../services/settings.js';
import { registerTakes } from '../takes/register-takes.js';

/** What the loaded features hand back to activation. */
export interface LoadedFeatures {
  /** The language-model tools by name (activation registered them and calls these). */
  tools: Map<string, vscode.LanguageModelTool<Record<string, unknown>>>;
  /** Finishes the downloads auto-download would have fetched (see completion.ts). */
  resumeDownloads(): void;
}

/**
 * Everything activation does not need, loaded on first use (its own chunks of the bundle): completes
 * the services with the request-file diagnostics and the media previews, then registers the commands,
 * the request-file editor features, the gallery, the takes and the job-end handling.
 */
export function registerFeatures(
  context: vscode.ExtensionContext,
  core: CoreServices,
  redrawTree: () => void,
): LoadedFeatures {
  const diagnostics = new RequestDiagnostics();
  const previews = new MediaPreviews({
    cacheDir: join(context.globalStorageUri.fsPath, 'previews'),
    ffmpegPath: () => readSettings().ffmpegPath,
    logger: core.logger,
  });
  // The same object: what the Jobs view set on it (revealJob) stays.
  const services: Services = Object.assign(core, { diagnostics, previews });
  registerRequestDiagnostics(context, diagnostics);
  registerRequestEditorHelp(context);
  registerRequestQuickFixes(context, diagnostics);
  registerSubmitCodeLens(context);
  registerCompletion(context, services);
  registerKeyProblems(context, services);
  registerCommands(context, services, redrawTree);
  registerGallery(context, services);
  registerTakes(context, services);
  return { tools: createLmTools(services), resumeDownloads: () => resumeDownloads(services) };
}

// The other modules main loads on first use come from this bundle too (see build.mjs).
export { checkKey } from '../services/check-key.js';
export { createLtxClient, createUseapiClient } from '../services/provider-clients.js';
