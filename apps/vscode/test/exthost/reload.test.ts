import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SuiteConfig } from './config.js';
import type { TestCase } from './harness.js';
import {
  extensionApi,
  recordNamed,
  setLtxKey,
  simulatorRequests,
  waitFor,
  workspaceFile,
} from './helpers.js';

const NAME = 'e2e-slow-reload';

/** What the first session hands to the second (kept in the result's `carry`). */
export interface ReloadCarry {
  ref: string;
  jobId: string;
  /** Last simulator log sequence number seen before the session ended. */
  lastSeq: number;
}

/**
 * First session: submit a slow job and end the session while it still runs.
 * `carry` receives what the second session checks against.
 */
export function reloadSubmitTests(config: SuiteConfig, carry: Record<string, unknown>): TestCase[] {
  return [
    {
      name: 'reload, part 1: submit a slow job and leave it running',
      fn: async () => {
        const api = await extensionApi();
        await setLtxKey(config);
        await vscode.commands.executeCommand(
          'ltxJobs.submitFile',
          workspaceFile('requests/slow-reload.ltx.json'),
        );
        const record = await waitFor(api, `${NAME} to be queued or running`, () => {
          const r = recordNamed(api, NAME);
          return r?.job && (r.job.state === 'queued' || r.job.state === 'running') ? r : undefined;
        });
        const log = await simulatorRequests(config);
        assert.equal(log.filter((e) => e.op === 'submit' && e.jobId === record.id).length, 1, 'one submit');
        const handoff: ReloadCarry = { ref: record.ref, jobId: record.id, lastSeq: log.at(-1)?.seq ?? 0 };
        Object.assign(carry, handoff);
      },
    },
  ];
}

/** Second session (same profile and workspace): the job is resumed and finishes without a new submit. */
export function reloadResumeTests(config: SuiteConfig): TestCase[] {
  return [
    {
      name: 'reload, part 2: the running job is restored, polled again and completes without a second submit',
      fn: async () => {
        const carry = config.carry as unknown as ReloadCarry | undefined;
        assert.ok(carry?.ref, 'the first session handed over the job ref');
        const api = await extensionApi();
        const restored = api.listJobs().find((r) => r.ref === carry.ref);
        assert.ok(restored, `${carry.ref} is in listJobs() after the reload`);
        const done = await waitFor(api, `${NAME} to succeed after the reload`, () => {
          const r = api.listJobs().find((x) => x.ref === carry.ref);
          if (r?.job?.state === 'failed' || r?.job?.state === 'expired')
            throw new Error(`ended ${r.job.state}`);
          return r?.job?.state === 'succeeded' && r.downloads.length > 0 ? r : undefined;
        });
        assert.equal(done.id, carry.jobId);
        const after = (await simulatorRequests(config)).filter((e) => e.seq > carry.lastSeq);
        assert.equal(after.filter((e) => e.op === 'submit').length, 0, 'no submit after the reload');
        assert.ok(
          after.some((e) => e.op === 'status' && e.jobId === carry.jobId),
          'the new session polled the job (status reads after the reload)',
        );
        assert.equal(recordNamed(api, NAME)?.ref, carry.ref, 'still one record for the request file');
      },
    },
  ];
}
