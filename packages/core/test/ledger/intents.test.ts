import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isDuplicateSubmitError } from '../../src/errors/duplicate-submit-error.js';
import { currentOwner } from '../../src/fs/process-owner.js';
import { createFileLedgerStore } from '../../src/ledger/file-store.js';
import { intentFolderOf } from '../../src/ledger/intent-files.js';
import { INTERRUPTED_TEXT, newIntent, type SubmitIntent } from '../../src/ledger/intents.js';
import { createLedger, type Ledger } from '../../src/ledger/ledger.js';
import { recordingLogger } from '../poll/fakes.js';
import { ltxRecord } from './records.js';

let dir: string;
let path: string;
const open: Ledger[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ltx-intents-'));
  path = join(dir, 'jobs.jsonl');
});
afterEach(async () => {
  for (const ledger of open.splice(0)) ledger.close();
  await rm(dir, { recursive: true, force: true });
});

/** A ledger on the shared file, as another process would open it. */
async function openLedger(): Promise<Ledger> {
  const ledger = await createLedger(createFileLedgerStore(path), { logger: recordingLogger() });
  open.push(ledger);
  return ledger;
}

const HASH = ltxRecord(1).inputHash;
const claimOf = (extra: { allowDuplicate?: boolean } = {}) => ({
  inputHash: HASH,
  provider: 'ltx' as const,
  endpoint: 'text-to-video',
  name: 'job 1',
  allowDuplicate: extra.allowDuplicate ?? false,
});

/** An intent file as a process that has since died left it. */
async function leftByDeadProcess(stage: SubmitIntent['stage'], generation = 1): Promise<SubmitIntent> {
  const intent = {
    ...newIntent({
      id: 'deadbeefdeadbeef',
      inputHash: HASH,
      provider: 'ltx',
      endpoint: 'text-to-video',
      exclusive: true,
      now: 0,
    }),
    stage,
    ...(stage === 'preparing' ? {} : { postedAt: '2026-01-01T00:00:01.000Z' }),
    owner: { ...currentOwner(), pid: 2 ** 22 + 4321 },
  };
  await mkdir(intentFolderOf(path), { recursive: true });
  await writeFile(join(intentFolderOf(path), `${HASH}.${generation}.json`), JSON.stringify(intent));
  return intent;
}

describe('submit intents', () => {
  it('are durable files, exclusive per input: a second ledger (process) is refused while the first submits', async () => {
    const a = await openLedger();
    const b = await openLedger();
    const claim = await a.claimSubmit(claimOf());
    expect(await readdir(intentFolderOf(path))).toEqual([`${HASH}.1.json`]);
    const refused = await b.claimSubmit(claimOf()).catch((e: unknown) => e);
    expect(isDuplicateSubmitError(refused)).toBe(true);
    expect(String(refused)).toMatch(/is being submitted right now by process \d+/);
    expect((refused as { intent?: { state: string } }).intent?.state).toBe('submitting');
    await claim.posting();
    expect(a.intents()).toEqual([expect.objectContaining({ stage: 'posting', state: 'submitting' })]);
    await a.record({ ...ltxRecord(1), intentId: claim.intent.id });
    await claim.complete();
    expect(await readdir(intentFolderOf(path))).toEqual([]);
    const again = await b.claimSubmit(claimOf()).catch((e: unknown) => e);
    expect(String(again)).toContain(`already submitted as ${ltxRecord(1).ref}`);
  });

  it('of many claims of one input at once, exactly one wins', async () => {
    const ledgers = await Promise.all(Array.from({ length: 6 }, () => openLedger()));
    const results = await Promise.allSettled(ledgers.map((l) => l.claimSubmit(claimOf())));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(isDuplicateSubmitError(r.reason)).toBe(true);
  });

  it('pass over a claim abandoned before its POST (its process died), and clean it up', async () => {
    await leftByDeadProcess('preparing');
    const ledger = await openLedger();
    expect(ledger.intents()).toEqual([]);
    const claim = await ledger.claimSubmit(claimOf());
    expect(claim.intent.stage).toBe('preparing');
    expect(claim.intent.id).not.toBe('deadbeefdeadbeef');
    expect(await readdir(intentFolderOf(path))).toHaveLength(1);
  });

  it(`show a POST whose process died as "${INTERRUPTED_TEXT}" and refuse its input, unless allowed`, async () => {
    await leftByDeadProcess('posting');
    const ledger = await openLedger();
    expect(ledger.intents()).toEqual([
      expect.objectContaining({ id: 'deadbeefdeadbeef', state: 'interrupted', recoverable: false }),
    ]);
    const refused = await ledger.claimSubmit(claimOf()).catch((e: unknown) => e);
    expect(String(refused)).toMatch(
      /interrupted after it was sent \(the process ended before the answer was recorded, at 2026-01-01T00:00:01.000Z\) and may have been billed. LTX's API cannot list jobs/,
    );
    const allowed = await ledger.claimSubmit(claimOf({ allowDuplicate: true }));
    expect(allowed.intent.exclusive).toBe(false);
    await ledger.dismissIntent('deadbeefdeadbeef');
    expect(ledger.intents().map((i) => i.id)).toEqual([allowed.intent.id]);
  });

  it('drop an intent whose record was written (a crash came between the record and the cleanup)', async () => {
    const intent = await leftByDeadProcess('posting');
    const first = await openLedger();
    await first.record({ ...ltxRecord(1), intentId: intent.id });
    const ledger = await openLedger();
    expect(ledger.intents()).toEqual([]);
    expect(await readdir(intentFolderOf(path))).toEqual([]);
  });

  it('an interrupted submit keeps its reason; release forgets a claim that sent nothing', async () => {
    const ledger = await openLedger();
    const claim = await ledger.claimSubmit(claimOf());
    await claim.posting();
    await claim.interrupted('socket hang up');
    const other = await openLedger();
    expect(other.intents()).toEqual([
      expect.objectContaining({ state: 'interrupted', reason: 'socket hang up' }),
    ]);
    await other.dismissIntent(claim.intent.id);
    const next = await other.claimSubmit(claimOf());
    await next.release();
    expect(await readdir(intentFolderOf(path))).toEqual([]);
  });
});
