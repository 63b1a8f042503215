import { resolve } from 'node:path';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';
import { parseArgs } from '../args.js';
import type { CommandContext } from '../commands/context.js';
import { loadConfig } from '../config.js';
import { EXIT } from '../exit-codes.js';
import { createCliAgentHost } from './cli-host.js';
import { createLtxMcpServer } from './server.js';

/** Options of `ltx-jobs mcp`. */
export const McpArgsSchema = z.object({
  /** Folder that relative request-file paths and inline media resolve against; default: the working directory. */
  root: z.string().min(1).optional(),
  /** Refuse submits whose estimate is above this many USD (or unknown) unless the call confirms the quote. */
  maxCost: z.coerce
    .number({ error: 'expected an amount in USD' })
    .nonnegative({ error: 'expected an amount in USD >= 0' })
    .optional(),
  /** Seconds between status reads while a tool waits. */
  pollInterval: z.coerce
    .number({ error: 'expected a number of seconds' })
    .min(0.05, { error: 'expected at least 0.05 seconds' })
    .max(600, { error: 'expected at most 600 seconds (10 minutes)' })
    .optional(),
});

/**
 * `ltx-jobs mcp`: an MCP server on stdin/stdout (the protocol owns stdout; logs go to stderr) until
 * the client closes stdin or Ctrl-C. Keys and base URLs come from the environment as for every
 * command; jobs go to the same ledger.
 */
export async function runMcp(raw: Record<string, unknown>, context: CommandContext): Promise<number> {
  const args = parseArgs(McpArgsSchema, raw);
  const config = loadConfig(context.env);
  const log = (line: string) => context.io.stderr.write(`${line}\n`);
  const host = createCliAgentHost({
    config,
    root: resolve(args.root ?? '.'),
    log,
    ...(args.pollInterval === undefined ? {} : { pollIntervalSeconds: args.pollInterval }),
    ...(args.maxCost === undefined
      ? {}
      : { costLimit: { usd: args.maxCost, from: 'ltx-jobs mcp --max-cost' } }),
  });
  const server = createLtxMcpServer(host);
  const transport = new StdioServerTransport(process.stdin, process.stdout);
  const closed = new Promise<void>((done) => {
    transport.onclose = () => done();
    process.stdin.once('end', () => void server.close());
    context.interrupt.signal.addEventListener('abort', () => void server.close(), { once: true });
  });
  await server.connect(transport);
  log(`ltx-jobs mcp: serving on stdio (ledger: ${host.ledgerLabel})`);
  await closed;
  return EXIT.ok;
}
