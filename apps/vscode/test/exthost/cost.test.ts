import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SuiteConfig } from './config.js';
import type { TestCase } from './harness.js';
import { extensionApi, recordNamed, simulatorRequests, workspaceFile } from './helpers.js';

const submits = async (config: SuiteConfig) =>
  (await simulatorRequests(config)).filter((r) => r.op === 'submit').length;

/** Cost estimates in the extension: kept with each job, and the daily budget enforced before sending. */
export function costTests(config: SuiteConfig): TestCase[] {
  return [
    {
      name: 'a submitted job keeps its cost estimate in the ledger (unknown, with the reason, when unpriced)',
      fn: async () => {
        const api = await extensionApi();
        const sunrise = recordNamed(api, 'e2e-sunrise');
        assert.ok(sunrise, 'e2e-sunrise was submitted by the submit tests');
        assert.deepEqual(sunrise.estimate, {
          unknown: 'no known price for ltx-2-3-fast text-to-video at 1080p (prices of 2026-11)',
        });
      },
    },
    {
      name: 'ltxJobs.budget.daily refuses a submit that would go over it; nothing is sent',
      fn: async () => {
        const api = await extensionApi();
        const settings = vscode.workspace.getConfiguration('ltxJobs');
        await settings.update('budget.daily', 0.5, vscode.ConfigurationTarget.Workspace);
        try {
          const before = await submits(config);
          await vscode.commands.executeCommand(
            'ltxJobs.submitFile',
            workspaceFile('requests/ui-priced.ltx.json'),
          );
          assert.equal(await submits(config), before, 'no submit reached the simulator');
          assert.equal(recordNamed(api, 'ui-priced'), undefined, 'no job recorded');
        } finally {
          await settings.update('budget.daily', undefined, vscode.ConfigurationTarget.Workspace);
        }
      },
    },
  ];
}
