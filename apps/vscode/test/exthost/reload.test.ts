import * as assert from 'node:assert/strict';
import type { JobRecord } from '@ltx-jobs/core';
import * as vscode from 'vscode';
import type { SuiteConfig } from './config.js';
import type { TestCase } from './harness.js';
import {
  addSimulatorFault,
  extensionApi,
  finished,
  readText,
  recordNamed,
  setLtxKey,
  simulatorRequests,
  WAIT_MS,
  waitFor,
  workspaceFile,
  workspaceFolder,
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

/** How long the simulator holds the first download back in session 1, ms: the session ends long before. */
const HELD_DOWNLOAD_MS = 30_000;

/** The path of the job's first artifact URL, as the simulator logs the request. */
function artifactPath(record: JobRecord): string {
  const url = record.job?.artifacts[0]?.url;
  if (url === undefined) throw new Error(`${record.ref} has no artifact`);
  return new URL(url).pathname;
}

/** What session 1 hands on about the job whose download it left unfinished. */
export interface MidDownloadCarry {
  midRef: string;
  midJobId: string;
  midSeq: number;
}

/**
 * Session 1, last test: a job succeeds and its download starts, but the simulator holds it back;
 * the session (its extension host) ends while the download is in flight.
 */
export function midDownloadSubmitTests(config: SuiteConfig, carry: Record<string, unknown>): TestCase[] {
  return [
    {
      name: 'mid-download, part 1: the job succeeds and the window closes while its download is in flight',
      fn: async () => {
        const api = await extensionApi();
        await addSimulatorFault(config, {
          type: 'delay',
          ms: HELD_DOWNLOAD_MS,
          where: { api: 'storage', op: 'download' },
          times: 1,
        });
        await vscode.commands.executeCommand(
          'ltxJobs.submitFile',
          workspaceFile('requests/mid-download.ltx.json'),
        );
        const held = await waitFor(
          api,
          'the download of e2e-mid-download to be held by the simulator',
          () => {
            const r = recordNamed(api, 'e2e-mid-download');
            return r?.job?.state === 'succeeded' ? r : undefined;
          },
        ).then(async (record) => {
          for (const until = Date.now() + WAIT_MS; Date.now() < until; ) {
            const log = await simulatorRequests(config);
            const entry = log.find((e) => e.op === 'download' && e.fault?.startsWith('delay'));
            if (entry !== undefined && entry.path.split('?')[0] !== artifactPath(record)) {
              throw new Error(`another download (${entry.path}) was held, not ${artifactPath(record)}`);
            }
            if (entry?.outcome === 'pending') return { record, seq: log.at(-1)?.seq ?? 0 };
            if (entry !== undefined) throw new Error(`the held download already ended: ${entry.outcome}`);
            await new Promise((r) => setTimeout(r, 100));
          }
          throw new Error(`no held download request within ${WAIT_MS} ms`);
        });
        assert.equal(held.record.downloads.length, 0, 'nothing on disk yet');
        const handoff: MidDownloadCarry = {
          midRef: held.record.ref,
          midJobId: held.record.id,
          midSeq: held.seq,
        };
        // The reload test checks "no submit after lastSeq": this test's submit came before this point.
        Object.assign(carry, handoff, { lastSeq: held.seq });
      },
    },
  ];
}

/** Session 2: the interrupted download is started again and completes, with its provenance file. */
export function midDownloadResumeTests(config: SuiteConfig): TestCase[] {
  return [
    {
      name: 'mid-download, part 2: after the reload the download runs again and the MP4 and provenance land',
      fn: async () => {
        const carry = config.carry as unknown as MidDownloadCarry | undefined;
        assert.ok(carry?.midRef, 'session 1 handed over the job whose download was cut');
        const api = await extensionApi();
        const done = await finished(api, carry.midRef, 'e2e-mid-download');
        const download = done.downloads[0]!;
        const bytes = await vscode.workspace.fs.readFile(vscode.Uri.file(download.path));
        assert.equal(bytes.byteLength, download.bytes, 'complete file');
        assert.equal(new TextDecoder().decode(bytes.subarray(4, 8)), 'ftyp');
        const provenance = JSON.parse(await readText(`${download.path}.ltx-job.json`));
        assert.equal(provenance.jobId, carry.midJobId);
        const after = (await simulatorRequests(config)).filter((e) => e.seq > carry.midSeq);
        assert.ok(
          after.some((e) => e.op === 'download' && e.jobId === carry.midJobId && e.outcome === 'responded'),
          'this session downloaded it',
        );
        assert.equal(after.filter((e) => e.op === 'submit').length, 0, 'nothing was submitted again');
        const out = vscode.Uri.joinPath(workspaceFolder().uri, 'ltx-output');
        const names = (await vscode.workspace.fs.readDirectory(out)).map(([name]) => name);
        console.log(`[exthost] ltx-output after the reload: ${names.join(', ')}`);
      },
    },
  ];
}
