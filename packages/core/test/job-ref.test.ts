import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../src/deps.js';
import { isUsageError } from '../src/errors/usage-error.js';
import { formatJobRef, jobIdPathSegment, parseJobRef } from '../src/job-ref.js';
import { createFileLedgerStore } from '../src/ledger/file-store.js';
import { createLedger } from '../src/ledger/ledger.js';
import { createLtxClient } from '../src/providers/ltx/client.js';
import { fixture, json, testDeps } from './http/fakes.js';
import { ltxRecord } from './ledger/records.js';

/** Ids an API may hand out: LTX documents them only as strings. */
const ODD_IDS = [
  'a/b',
  '../../etc/passwd',
  'x/../y',
  '..a',
  '%2F%25',
  '100%',
  'with space',
  ' lead and trail ',
  'q?x=1#frag',
  'colon:at@sign',
  'ünï/cødé',
  'a//b/',
];

describe('opaque job ids', () => {
  it.each(ODD_IDS)('%j round-trips through ltx and useapi refs', (id) => {
    const ltx = { provider: 'ltx', endpoint: 'image-to-video', id } as const;
    expect(parseJobRef(formatJobRef(ltx))).toEqual(ltx);
    expect(parseJobRef(`  ${formatJobRef(ltx)}\n`)).toEqual(ltx);
    const useapi = { provider: 'useapi', id } as const;
    expect(parseJobRef(formatJobRef(useapi))).toEqual(useapi);
  });

  it.each(ODD_IDS)('%j is one URL path segment that decodes back to it', (id) => {
    const url = new URL(`https://api.ltx.video/v2/text-to-video/${jobIdPathSegment(id)}`);
    const segments = url.pathname.split('/');
    expect(segments).toHaveLength(4);
    expect(decodeURIComponent(segments[3]!)).toBe(id);
  });

  it.each(['.', '..', ''])('refuses %j, which no URL can carry as a segment', (id) => {
    let error: unknown;
    try {
      jobIdPathSegment(id);
    } catch (e) {
      error = e;
    }
    expect(isUsageError(error)).toBe(true);
  });

  it('the LTX client polls exactly the id it was given', async () => {
    const t = testDeps(ODD_IDS.map(() => json(fixture('ltx/job-completed-video.json'))));
    const client = createLtxClient({ apiKey: 'k', deps: t.deps });
    for (const id of ODD_IDS) await client.status({ provider: 'ltx', endpoint: 'text-to-video', id });
    const polled = t.calls.map((c) => decodeURIComponent(new URL(c.url).pathname.split('/')[3] ?? ''));
    expect(polled).toEqual(ODD_IDS);
  });

  it('the file ledger keeps every id and finds it again by its ref after a reload', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ltx-ref-'));
    try {
      const path = join(dir, 'jobs.jsonl');
      const ledger = await createLedger(createFileLedgerStore(path), { logger: silentLogger });
      const records = ODD_IDS.map((id, n) => {
        const base = ltxRecord(n + 1);
        return { ...base, id, ref: formatJobRef({ provider: 'ltx', endpoint: 'text-to-video', id }) };
      });
      for (const record of records) await ledger.record(record);
      const reloaded = await createLedger(createFileLedgerStore(path), { logger: silentLogger });
      for (const record of records) {
        const found = reloaded.get(formatJobRef(parseJobRef(record.ref)));
        expect(found?.id).toBe(record.id);
      }
      expect(reloaded.list()).toHaveLength(ODD_IDS.length);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
