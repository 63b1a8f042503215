import { z } from 'zod';
import { AGENT_TOOLS } from './tools.js';

/** One entry of an extension's `contributes.languageModelTools` (VS Code >= 1.95). */
export interface LanguageModelToolContribution {
  name: string;
  displayName: string;
  /** For the model. */
  modelDescription: string;
  /** For people (tool picker, hovers). */
  userDescription: string;
  /** `#ltxSubmit` in a chat prompt. */
  toolReferenceName: string;
  canBeReferencedInPrompt: boolean;
  icon: string;
  tags: string[];
  inputSchema: Record<string, unknown>;
}

/** `ltx_list_jobs` -> `ltxListJobs`. */
function referenceName(name: string): string {
  return name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

const ICONS: Record<string, string> = {
  ltx_list_models: '$(list-unordered)',
  ltx_validate: '$(check)',
  ltx_estimate: '$(tag)',
  ltx_submit: '$(play)',
  ltx_status: '$(info)',
  ltx_wait: '$(watch)',
  ltx_list_jobs: '$(list-tree)',
  ltx_download: '$(cloud-download)',
};

/**
 * The `contributes.languageModelTools` entries of the VS Code extension, generated from the same tool
 * definitions and zod input schemas as the MCP server (`apps/vscode/scripts/sync-lm-tools.mjs` writes
 * them into package.json; a unit test checks that they match).
 */
export function languageModelToolContributions(): LanguageModelToolContribution[] {
  return AGENT_TOOLS.map((tool) => {
    const { $schema: _drop, ...inputSchema } = z.toJSONSchema(tool.input, {
      target: 'draft-7',
      io: 'input',
    }) as Record<string, unknown>;
    return {
      name: tool.name,
      displayName: tool.title,
      modelDescription: tool.description,
      userDescription: tool.title,
      toolReferenceName: referenceName(tool.name),
      canBeReferencedInPrompt: true,
      icon: ICONS[tool.name] ?? '$(tools)',
      tags: ['ltx', 'video', ...(tool.billed ? ['billed'] : []), ...(tool.readOnly ? ['read-only'] : [])],
      inputSchema,
    };
  });
}
