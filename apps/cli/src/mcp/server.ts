import { AGENT_TOOLS, type AgentHost, type CallContext, runAgentTool } from '@ltx-jobs/core';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { CallToolResult, ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import { describeError } from '../output/format.js';
import { VERSION } from '../program.js';

/** What the server tells the client (and its model) about itself when it connects. */
export const SERVER_INSTRUCTIONS = [
  'Generates videos with LTX (api.ltx.video) from *.ltx.json request files or inline requests.',
  'Flow: ltx_list_models -> write or pick a request -> ltx_validate -> ltx_estimate -> ltx_submit (billed; LTX jobs cannot be cancelled) -> ltx_wait until finished (it downloads the MP4) -> the files are on disk.',
  'Jobs are recorded in the same ledger as the ltx-jobs CLI (ltx-jobs list) and the VS Code extension.',
].join('\n');

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/**
 * Progress for clients that ask for it (a `progressToken` in the call's `_meta`): each line becomes a
 * `notifications/progress` with a count that only grows, so the client's request timer is reset too.
 */
function progressOf(extra: Extra): CallContext['progress'] {
  const token = extra._meta?.progressToken;
  if (token === undefined) return undefined;
  let count = 0;
  return (message) => {
    count += 1;
    void extra
      .sendNotification({
        method: 'notifications/progress',
        params: { progressToken: token, progress: count, message },
      })
      .catch(() => undefined);
  };
}

/**
 * An MCP server whose tools are the core's agent tools ({@link AGENT_TOOLS}) over `host`: the same
 * names, descriptions and zod schemas (the SDK turns them into the tools' JSON Schemas). A tool that
 * fails answers `isError` with one clear message (a request file's problems keep their JSON paths).
 */
export function createLtxMcpServer(host: AgentHost): McpServer {
  const server = new McpServer(
    { name: 'ltx-jobs', title: 'LTX Jobs', version: VERSION },
    { instructions: SERVER_INSTRUCTIONS },
  );
  for (const tool of AGENT_TOOLS) {
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: tool.input,
        outputSchema: tool.output,
        annotations: {
          title: tool.title,
          readOnlyHint: tool.readOnly,
          destructiveHint: tool.billed,
          idempotentHint: !tool.billed,
          openWorldHint: tool.network,
        },
      },
      async (args: unknown, extra: Extra): Promise<CallToolResult> => {
        try {
          const progress = progressOf(extra);
          const { output, summary } = await runAgentTool(tool.name, host, args, {
            signal: extra.signal,
            ...(progress ? { progress } : {}),
          });
          return {
            content: [
              { type: 'text', text: summary },
              { type: 'text', text: JSON.stringify(output, null, 2) },
            ],
            structuredContent: output,
          };
        } catch (error) {
          return { isError: true, content: [{ type: 'text', text: describeError(error) }] };
        }
      },
    );
  }
  return server;
}
