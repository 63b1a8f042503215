import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { AGENT_TOOLS } from '@ltx-jobs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, envWithHome, startWorld, type TestWorld, textToVideo } from './harness.js';

/**
 * The MCP Inspector's CLI mode, run as users run it (`npx @modelcontextprotocol/inspector --cli`),
 * against the built `ltx-jobs mcp` and the simulator. Pinned: 2.12.0 declares Node >= 22.19, but its
 * CLI mode runs on Node 20 (npm prints EBADENGINE warnings only). The first run downloads it from the
 * npm registry (about 13 s, 196 MB in npm's cache); later runs take about 2 s.
 */
const INSPECTOR = '@modelcontextprotocol/inspector@2.12.0';

/** The core's tool list: the server must offer exactly these, in this order (8 of them). */
const TOOL_NAMES = AGENT_TOOLS.map((t) => t.name);

let world: TestWorld;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => world?.close());

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npx <inspector> --cli <inspectorArgs> node cli.js mcp`, the server with `serverEnv` in `cwd`. */
function inspect(inspectorArgs: string[], serverEnv: Record<string, string>, cwd: string): Promise<Run> {
  const envFlags = Object.entries(serverEnv).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  const args = ['-y', INSPECTOR, '--cli', ...envFlags, '--cwd', cwd, ...inspectorArgs];
  const child = spawn('npx', [...args, '--', process.execPath, CLI, 'mcp', '--poll-interval', '0.1'], {
    // npx needs the real home for its cache; the server gets its environment through -e only.
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? homedir(),
      npm_config_update_notifier: 'false',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** The server's environment: the simulator's keys and URLs, a ledger of its own. */
function serverEnv(name: string): Record<string, string> {
  const { PATH: _path, HOME: _home, ...env } = envWithHome(world, name);
  return env;
}

describe(`MCP Inspector CLI mode (${INSPECTOR})`, () => {
  it('lists the tools with no schema portability problem (--strict), and calls one', async () => {
    const dir = join(world.dir, 'inspector');
    mkdirSync(dir, { recursive: true });
    const bad = textToVideo('Inspector: a bad duration');
    Object.assign(bad.request as Record<string, unknown>, { model: 'ltx-2-3-pro', duration: 12 });
    writeFileSync(join(dir, 'bad.ltx.json'), `${JSON.stringify(bad, null, 2)}\n`);
    const env = serverEnv('inspector');

    const listed = await inspect(['--strict', '--method', 'tools/list'], env, dir);
    expect(listed.code, listed.stderr).toBe(0);
    const { tools } = JSON.parse(listed.stdout) as { tools: { name: string }[] };
    expect(tools.map((t) => t.name)).toEqual(TOOL_NAMES);
    expect(listed.stderr).not.toMatch(/Warning: tool|Error: tool|across \d+ tools/);

    const called = await inspect(
      ['--method', 'tools/call', '--tool-name', 'ltx_validate', '--tool-arg', 'file=bad.ltx.json'],
      env,
      dir,
    );
    expect(called.code, called.stderr).toBe(0);
    const result = JSON.parse(called.stdout) as { structuredContent: Record<string, unknown> };
    expect(result.structuredContent).toMatchObject({
      valid: false,
      issues: [expect.objectContaining({ path: '$.request.duration', line: 8 })],
    });
    expect(world.submits()).toBe(0);
  }, 240_000);
});
