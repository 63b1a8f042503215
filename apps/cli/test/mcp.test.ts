import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AGENT_TOOLS } from '@ltx-jobs/core';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, envWithHome, playableMp4, runCli, startWorld, type TestWorld, textToVideo } from './harness.js';

// Drives the built `ltx-jobs mcp` with the MCP SDK's own stdio client against the simulator.

/** The core's tool list: the server must offer exactly these, in this order (8 of them). */
const TOOL_NAMES = AGENT_TOOLS.map((t) => t.name);

let world: TestWorld;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => world?.close());

interface ToolResult {
  isError?: boolean;
  content: { type: string; text?: string }[];
  structuredContent?: Record<string, unknown>;
}

/** A connected client to `ltx-jobs mcp` run in `cwd` with `env`; `close()` ends the server. */
async function connect(env: Record<string, string>, cwd: string, extraArgs: string[] = []) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, 'mcp', '--poll-interval', '0.1', ...extraArgs],
    env,
    cwd,
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const client = new Client({ name: 'ltx-jobs-test', version: '1.0.0' });
  await client.connect(transport);
  return {
    client,
    stderr: () => stderr,
    call: async (name: string, args: Record<string, unknown>) =>
      (await client.callTool({ name, arguments: args })) as ToolResult,
    close: () => client.close(),
  };
}

/** The `job` of a tool's structured answer. */
function jobOf(result: ToolResult | undefined): {
  ref: string;
  state: string;
  artifacts: { path?: string }[];
} {
  const job = result?.structuredContent?.job;
  if (!job) throw new Error(`no job in ${JSON.stringify(result)}`);
  return job as ReturnType<typeof jobOf>;
}

const text = (result: ToolResult) => result.content.map((c) => c.text ?? '').join('\n');

function workspace(name: string): string {
  const dir = join(world.dir, name);
  mkdirSync(join(dir, 'scenes'), { recursive: true });
  return dir;
}

function writeJson(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

describe('ltx-jobs mcp over stdio (SDK client, simulator)', () => {
  it('lists the tools, rejects a bad file at its JSON path, then submits, waits, downloads', async () => {
    const dir = workspace('flow');
    const env = envWithHome(world, 'flow');
    writeJson(join(dir, 'scenes', 'intro.ltx.json'), textToVideo('A lighthouse at dawn', 'intro'));
    const bad = textToVideo('A lighthouse at dawn', 'bad');
    // ltx-2-3-pro renders up to 10 s: 12 s is refused by the capability table.
    Object.assign(bad.request as Record<string, unknown>, { model: 'ltx-2-3-pro', duration: 12 });
    writeJson(join(dir, 'scenes', 'bad.ltx.json'), bad);
    const mcp = await connect(env, dir);
    try {
      const { tools } = await mcp.client.listTools();
      expect(tools.map((t) => t.name)).toEqual(TOOL_NAMES);
      expect(TOOL_NAMES).toHaveLength(8);
      const submitTool = tools.find((t) => t.name === 'ltx_submit');
      expect(Object.keys(submitTool?.inputSchema.properties ?? {})).toEqual(
        expect.arrayContaining(['file', 'request', 'out', 'maxCostUsd', 'confirmQuote', 'allowDuplicate']),
      );
      expect(submitTool?.annotations).toMatchObject({ destructiveHint: true, readOnlyHint: false });
      expect(submitTool?.outputSchema?.properties).toHaveProperty('job');

      const invalid = await mcp.call('ltx_validate', { file: 'scenes/bad.ltx.json' });
      expect(invalid.isError).toBeFalsy();
      expect(invalid.structuredContent).toMatchObject({ valid: false, endpoint: 'text-to-video' });
      const issues = invalid.structuredContent?.issues as { path: string; line?: number; message: string }[];
      expect(issues[0]).toMatchObject({ path: '$.request.duration', line: 9 });
      expect(text(invalid)).toMatch(/bad\.ltx\.json:9:\d+: \$\.request\.duration: /);

      const refused = await mcp.call('ltx_submit', { file: 'scenes/bad.ltx.json' });
      expect(refused.isError).toBe(true);
      expect(text(refused)).toMatch(/nothing was sent[\s\S]*\$\.request\.duration/);
      expect(world.submits()).toBe(0);

      expect(issues[0]).toMatchObject({ code: 'unsupported-duration', suggestion: 'Change to 10' });

      const valid = await mcp.call('ltx_validate', { file: 'scenes/intro.ltx.json' });
      expect(valid.structuredContent).toMatchObject({ valid: true, model: 'ltx-2-3-fast', issues: [] });

      const newer = textToVideo('A duration the table does not know');
      (newer.request as Record<string, unknown>).duration = 7;
      const warned = await mcp.call('ltx_validate', { request: newer });
      expect(warned.structuredContent).toMatchObject({
        valid: true,
        warnings: [{ path: '$.request.duration', code: 'unknown-duration' }],
      });
      expect(text(warned)).toMatch(
        /warning: inline request: \$\.request\.duration: duration 7 s is not in the capability table/,
      );

      const models = await mcp.call('ltx_list_models', { endpoint: 'text-to-video' });
      const modelList = models.structuredContent?.models as { id: string; status: string; video?: object }[];
      expect(modelList.map((m) => m.id)).toContain('ltx-2-3-fast');
      expect(modelList.every((m) => m.status !== 'removed' && m.video)).toBe(true);
      expect(models.structuredContent?.checkedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const unknownEndpoint = await mcp.call('ltx_list_models', { endpoint: 'text-to-music' });
      expect(text(unknownEndpoint)).toContain('Unknown LTX endpoint "text-to-music"');

      const estimate = await mcp.call('ltx_estimate', { file: 'scenes/intro.ltx.json' });
      expect(estimate.isError).toBeFalsy();
      expect(estimate.structuredContent?.quote).toMatch(/^q-[0-9a-f]{16}$/);

      const submitted = await mcp.call('ltx_submit', { file: 'scenes/intro.ltx.json' });
      expect(submitted.isError, text(submitted)).toBeFalsy();
      const job = submitted.structuredContent?.job as { ref: string; state: string };
      expect(job.ref).toMatch(/^ltx:text-to-video\//);
      expect(text(submitted)).toContain('ltx_wait');

      let waited: ToolResult | undefined;
      for (let call = 0; call < 20; call++) {
        waited = await mcp.call('ltx_wait', { ref: job.ref, seconds: 5 });
        expect(waited.isError, text(waited)).toBeFalsy();
        if (waited.structuredContent?.finished) break;
      }
      expect(waited?.structuredContent).toMatchObject({ finished: true, job: { state: 'succeeded' } });
      const artifacts = jobOf(waited).artifacts;
      const mp4 = artifacts[0]?.path ?? '';
      expect(mp4.startsWith(join(dir, 'scenes', 'ltx-output'))).toBe(true);
      expect(playableMp4(mp4).codecs).toContain('avc1');

      const download = await mcp.call('ltx_download', { ref: job.ref });
      expect(download.structuredContent).toMatchObject({ job: { artifacts: [{ path: mp4 }] } });

      const listed = await mcp.call('ltx_list_jobs', {});
      expect(listed.structuredContent).toMatchObject({
        total: 1,
        jobs: [{ ref: job.ref, state: 'succeeded' }],
      });

      // The same ledger as the CLI: `ltx-jobs list` shows the agent's job.
      const cliList = await runCli(['list', '--json'], { env });
      const records = JSON.parse(cliList.stdout) as { ref: string; state: string; file?: string }[];
      expect(records).toEqual([
        expect.objectContaining({
          ref: job.ref,
          state: 'succeeded',
          file: join(dir, 'scenes', 'intro.ltx.json'),
        }),
      ]);
    } finally {
      await mcp.close();
    }
  });

  it('validates an inline request: each problem at its JSON path, no line numbers', async () => {
    const dir = workspace('inline');
    const mcp = await connect(envWithHome(world, 'inline'), dir);
    try {
      const result = await mcp.call('ltx_validate', {
        request: { provider: 'ltx', endpoint: 'text-to-video', request: { model: 'ltx-2-3-fast' } },
      });
      expect(result.structuredContent).toMatchObject({ valid: false, source: 'inline request' });
      const issues = result.structuredContent?.issues as { path: string; line?: number }[];
      expect(issues.map((i) => i.path)).toContain('$.request.prompt');
      expect(issues.every((i) => i.line === undefined)).toBe(true);

      const both = await mcp.call('ltx_validate', { file: 'x.ltx.json', request: {} });
      expect(both.isError).toBe(true);
      expect(text(both)).toContain('exactly one of "file"');

      const missing = await mcp.call('ltx_validate', { file: 'scenes/none.ltx.json' });
      expect(missing.isError).toBe(true);
      expect(text(missing)).toContain(`Request file ${join(dir, 'scenes', 'none.ltx.json')} not found`);
    } finally {
      await mcp.close();
    }
  });

  it('refuses a duplicate, an unknown ref, and a submit without a key, each saying what to do', async () => {
    const dir = workspace('refusals');
    const env = envWithHome(world, 'refusals');
    writeJson(join(dir, 'scenes', 'once.ltx.json'), textToVideo('Refusals: the same request twice'));
    const mcp = await connect(env, dir);
    try {
      const first = await mcp.call('ltx_submit', { file: 'scenes/once.ltx.json' });
      const ref = jobOf(first).ref;
      const before = world.submits();
      const again = await mcp.call('ltx_submit', { file: 'scenes/once.ltx.json' });
      expect(again.isError).toBe(true);
      expect(text(again)).toContain(`already submitted as ${ref}; nothing was sent`);
      expect(text(again)).toContain('allowDuplicate');
      expect(world.submits()).toBe(before);

      const unknown = await mcp.call('ltx_status', {
        ref: 'ltx:text-to-video/00000000-0000-0000-0000-000000000000',
      });
      expect(unknown.isError).toBe(true);
      expect(text(unknown)).toMatch(/is not in the ledger \(.*jobs\.jsonl\)/);

      const badRef = await mcp.call('ltx_wait', { ref: 'nonsense' });
      expect(badRef.isError).toBe(true);
    } finally {
      await mcp.close();
    }
    const { LTX_API_KEY: _dropped, ...noKey } = env;
    const keyless = await connect(noKey, dir);
    try {
      const result = await keyless.call('ltx_submit', {
        request: textToVideo('Refusals: no key'),
      });
      expect(result.isError).toBe(true);
      expect(text(result)).toContain('LTX_API_KEY is not set');
      expect(keyless.stderr()).not.toContain('sim-ltx-key');
    } finally {
      await keyless.close();
    }
  });

  it('a bounded wait on a slow job returns its progress with finished: false', async () => {
    const dir = workspace('slow');
    const mcp = await connect(envWithHome(world, 'slow'), dir);
    try {
      const submitted = await mcp.call('ltx_submit', {
        request: textToVideo('Slow one [sim:processing-ms=20000]', 'slow'),
      });
      const ref = jobOf(submitted).ref;
      const started = Date.now();
      const progress: string[] = [];
      const waited = (await mcp.client.callTool(
        { name: 'ltx_wait', arguments: { ref, seconds: 1 } },
        undefined,
        {
          onprogress: (p) => progress.push(p.message ?? ''),
        },
      )) as ToolResult;
      expect(Date.now() - started).toBeLessThan(10_000);
      // Clients that pass a progress token get a notification per status read (and their timer reset).
      expect(progress.length).toBeGreaterThan(0);
      expect(progress[0]).toMatch(/^slow \(ltx:text-to-video\/\S+\) (queued|running)/);
      expect(waited.structuredContent).toMatchObject({ finished: false, job: { done: false } });
      expect(String(waited.structuredContent?.next)).toContain('call ltx_wait');
      expect(existsSync(join(dir, 'ltx-output'))).toBe(false);
    } finally {
      await mcp.close();
    }
  });

  it('--max-cost refuses a submit above it until the call confirms the quote it was shown', async () => {
    const dir = workspace('cost');
    const env = envWithHome(world, 'cost');
    const pro = (prompt: string) => ({
      provider: 'ltx',
      endpoint: 'text-to-video',
      request: { prompt, model: 'ltx-2-3-pro', resolution: '2560x1440', duration: 6, fps: 24 },
    });
    writeJson(join(dir, 'scenes', 'pro.ltx.json'), pro('Cost: a 1440p pro clip'));
    const mcp = await connect(env, dir, ['--max-cost', '0.5']);
    try {
      const estimate = await mcp.call('ltx_estimate', { file: 'scenes/pro.ltx.json' });
      expect(estimate.structuredContent?.estimate).toMatchObject({
        known: true,
        usd: 0.96,
        basis: 'output seconds',
        amount: '≈ $0.96',
      });
      const quote = String(estimate.structuredContent?.quote);
      const before = world.submits();

      const refused = await mcp.call('ltx_submit', { file: 'scenes/pro.ltx.json' });
      expect(refused.isError).toBe(true);
      expect(text(refused)).toContain(
        '≈ $0.96 (output seconds) is above the cost limit of $0.50 (ltx-jobs mcp --max-cost)',
      );
      expect(text(refused)).toContain(`confirmQuote: "${quote}"`);

      const wrong = await mcp.call('ltx_submit', {
        file: 'scenes/pro.ltx.json',
        confirmQuote: 'q-0000000000000000',
      });
      expect(wrong.isError).toBe(true);
      expect(text(wrong)).toContain('is not the quote of this request');
      expect(world.submits()).toBe(before);

      const confirmed = await mcp.call('ltx_submit', { file: 'scenes/pro.ltx.json', confirmQuote: quote });
      expect(confirmed.isError, text(confirmed)).toBeFalsy();
      expect(world.submits()).toBe(before + 1);
      const cliList = await runCli(['list', '--json'], { env });
      expect(JSON.parse(cliList.stdout)).toEqual([
        expect.objectContaining({
          ref: jobOf(confirmed).ref,
          estimate: expect.objectContaining({ usd: 0.96 }),
        }),
      ]);

      // A request whose cost cannot be estimated is refused under a limit, and accepted with its quote.
      const unknownRequest = textToVideo('Cost: no price for 1080p fast');
      const unknown = await mcp.call('ltx_submit', { request: unknownRequest });
      expect(text(unknown)).toMatch(/cannot be estimated \(no known price for ltx-2-3-fast/);
      const unknownQuote = (await mcp.call('ltx_estimate', { request: unknownRequest })).structuredContent
        ?.quote;
      const accepted = await mcp.call('ltx_submit', { request: unknownRequest, confirmQuote: unknownQuote });
      expect(accepted.isError, text(accepted)).toBeFalsy();
    } finally {
      await mcp.close();
    }

    // A per-call limit without a server limit; the daily budget, which no quote lifts.
    const budget = await connect({ ...env, LTX_JOBS_DAILY_BUDGET: '1' }, dir);
    try {
      const capped = await budget.call('ltx_submit', { request: pro('Cost: per call'), maxCostUsd: 0.5 });
      expect(text(capped)).toContain('above the cost limit of $0.50 (maxCostUsd)');
      const second = pro('Cost: over the day');
      const quote = (await budget.call('ltx_estimate', { request: second })).structuredContent?.quote;
      const over = await budget.call('ltx_submit', { request: second, confirmQuote: quote });
      expect(over.isError).toBe(true);
      expect(text(over)).toMatch(
        /Daily budget \$1\.00: \$0\.96 spent today \(estimated\), \$0\.04 left.*LTX_JOBS_DAILY_BUDGET/,
      );
    } finally {
      await budget.close();
    }
  });
});
