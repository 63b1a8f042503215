import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// package.json against the VS Code contract (notes/VSCODE-CONTRACT.md) and against the code.
const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const registered = [
  ...readFileSync(join(root, 'src/commands/index.ts'), 'utf8').matchAll(/'(ltxJobs\.\w+)':/g),
  // the gallery and the takes register theirs beside their code
  ...readFileSync(join(root, 'src/takes/take-ids.ts'), 'utf8').matchAll(/: '(ltxJobs\.\w+)',/g),
  ...readFileSync(join(root, 'src/gallery/register-gallery.ts'), 'utf8').matchAll(
    /registerCommand\(services, '(ltxJobs\.\w+)'/g,
  ),
].map((m) => m[1]);

const CONTRACT_COMMANDS: Record<string, string> = {
  'ltxJobs.submitFile': 'Submit Job from JSON File',
  'ltxJobs.createExample': 'Create an Example Request File',
  'ltxJobs.trackJob': 'Track Existing Job',
  'ltxJobs.setApiKey': 'Set API Key',
  'ltxJobs.clearApiKey': 'Clear API Key',
  'ltxJobs.refresh': 'Refresh',
  'ltxJobs.showLog': 'Show Log',
};
const ITEM_COMMANDS = [
  'downloadArtifacts',
  'openArtifact',
  'revealArtifact',
  'copyJobId',
  'copyResultUrl',
  'openRequestFile',
  'resubmit',
  'stopWatching',
  'removeJob',
  'cancelJob',
  'resumeWatching',
  'editPrompt',
].map((c) => `ltxJobs.${c}`);

describe('package.json', () => {
  it('has the contract identity', () => {
    expect(`${pkg.publisher}.${pkg.name}`).toBe('ltx-jobs.ltx-jobs-vscode');
    expect(pkg.displayName).toBe('LTX Jobs');
    expect(pkg.engines.vscode).toBe('^1.100.0');
    expect(pkg.main).toBe('./dist/extension.js');
    expect(pkg.contributes.viewsContainers.activitybar[0]).toMatchObject({
      id: 'ltxJobs',
      title: 'LTX Jobs',
    });
    expect(pkg.contributes.views.ltxJobs[0]).toMatchObject({ id: 'ltxJobs.jobs', name: 'Jobs' });
    expect(pkg.capabilities.untrustedWorkspaces.supported).toBe('limited');
  });

  it('contributes every contract command with its title in the LTX Jobs category', () => {
    const byId = new Map(pkg.contributes.commands.map((c: { command: string }) => [c.command, c]));
    for (const [id, title] of Object.entries(CONTRACT_COMMANDS)) {
      expect(byId.get(id)).toMatchObject({ title, category: 'LTX Jobs' });
    }
    for (const id of ITEM_COMMANDS) expect(byId.has(id)).toBe(true);
  });

  it('registers exactly the contributed commands', () => {
    const contributed = pkg.contributes.commands.map((c: { command: string }) => c.command).sort();
    expect([...registered].sort()).toEqual(contributed);
  });

  it('hides item commands from the palette', () => {
    const hidden = pkg.contributes.menus.commandPalette
      .filter((m: { when: string }) => m.when === 'false')
      .map((m: { command: string }) => m.command);
    for (const id of ITEM_COMMANDS) expect(hidden).toContain(id);
    for (const id of Object.keys(CONTRACT_COMMANDS)) expect(hidden).not.toContain(id);
  });

  it('menus name only contributed commands and match viewItem tokens as words', () => {
    const ids = new Set(pkg.contributes.commands.map((c: { command: string }) => c.command));
    const submenus = new Set(pkg.contributes.submenus.map((s: { id: string }) => s.id));
    for (const entries of Object.values(pkg.contributes.menus) as {
      command?: string;
      submenu?: string;
      when?: string;
    }[][]) {
      for (const entry of entries) {
        if (entry.submenu !== undefined) expect(submenus.has(entry.submenu)).toBe(true);
        else expect(ids.has(entry.command)).toBe(true);
        for (const m of entry.when?.matchAll(/viewItem =~ \/([^/]+)\//g) ?? [])
          expect(m[1]).toMatch(/^\\b\w+\\b/);
      }
    }
  });

  it('has the contract settings and defaults', () => {
    const props = pkg.contributes.configuration.properties;
    const defaults = Object.fromEntries(
      Object.entries(props).map(([k, v]) => [k, (v as { default: unknown }).default]),
    );
    expect(defaults).toEqual({
      'ltxJobs.ltx.baseUrl': 'https://api.ltx.video',
      'ltxJobs.useapi.baseUrl': 'https://api.useapi.net',
      'ltxJobs.pollIntervalSeconds': 5,
      'ltxJobs.outputFolder': 'ltx-output',
      'ltxJobs.autoDownload': true,
      'ltxJobs.notifications': 'all',
      'ltxJobs.ltx.concurrentJobs': 2,
      'ltxJobs.confirmAbove': null,
      'ltxJobs.budget.daily': null,
      'ltxJobs.validation': 'standard',
      'ltxJobs.cliHome': '',
      'ltxJobs.queue.url': '',
      'ltxJobs.queue.sharedFolder': '',
      'ltxJobs.ffmpegPath': '',
      'ltxJobs.download.maxUnsizedSize': '4GiB',
    });
    expect(props['ltxJobs.validation'].enum).toEqual(['standard', 'strict']);
    expect(props['ltxJobs.ffmpegPath'].scope).toBe('machine');
    expect(props['ltxJobs.cliHome'].scope).toBe('machine');
    // A workspace cannot send this machine's submits (and the stored password) to another Redis.
    expect(props['ltxJobs.queue.url'].scope).toBe('machine');
    expect(props['ltxJobs.queue.sharedFolder'].scope).toBe('machine');
    expect(props['ltxJobs.notifications'].enum).toEqual(['all', 'errors', 'none']);
    expect(JSON.stringify(props)).not.toMatch(/apiKey|token/i);
  });

  it('validates *.ltx.json with the bundled schema and offers submit on those files only', () => {
    expect(pkg.contributes.jsonValidation).toEqual([
      { fileMatch: '**/*.ltx.json', url: './schemas/ltx-request.editor.schema.json' },
    ]);
    for (const menu of ['explorer/context', 'editor/title']) {
      const entry = pkg.contributes.menus[menu].find(
        (m: { command: string }) => m.command === 'ltxJobs.submitFile',
      );
      expect(entry.when).toContain('resourceFilename =~ /\\.ltx\\.json$/');
    }
  });
});
