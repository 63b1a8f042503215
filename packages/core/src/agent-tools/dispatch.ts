import { z } from 'zod';
import { UsageError } from '../errors/usage-error.js';
import type { AgentHost, CallContext } from './host.js';
import { downloadTool, listJobsTool, statusTool, waitTool } from './job-tools.js';
import { listModelsTool } from './list-models.js';
import { estimateTool, submitTool, type ToolAnswer, validateTool } from './request-tools.js';
import { type AgentToolName, agentTool } from './tools.js';

type Runner = (host: AgentHost, input: never, context: CallContext) => Promise<ToolAnswer<unknown>>;

const RUNNERS: Record<AgentToolName, Runner> = {
  ltx_list_models: (_host, input) => listModelsTool(input),
  ltx_validate: (host, input) => validateTool(host, input),
  ltx_estimate: (host, input) => estimateTool(host, input),
  ltx_submit: submitTool,
  ltx_status: statusTool,
  ltx_wait: waitTool,
  ltx_list_jobs: (host, input) => listJobsTool(host, input),
  ltx_download: downloadTool,
};

/**
 * Runs the tool `name` for a front end: parses `input` with the tool's zod schema (a bad argument is a
 * ZodError naming the field), runs it over `host`, and checks the answer against the output schema.
 */
export async function runAgentTool(
  name: AgentToolName,
  host: AgentHost,
  input: unknown,
  context: CallContext = {},
): Promise<ToolAnswer<Record<string, unknown>>> {
  const tool = agentTool(name);
  const parsed = tool.input.safeParse(input ?? {});
  if (!parsed.success) {
    throw new UsageError(`Invalid arguments for ${name}:\n${z.prettifyError(parsed.error)}`);
  }
  const args = parsed.data;
  const answer = await RUNNERS[name](host, args as never, context);
  return { output: tool.output.parse(answer.output) as Record<string, unknown>, summary: answer.summary };
}
