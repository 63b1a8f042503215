import type { Job } from '../../src/job.js';
import type { JobRef } from '../../src/job-ref.js';
import { createLedger } from '../../src/ledger/ledger.js';
import { createMemoryLedgerStore } from '../../src/ledger/memory-store.js';
import type { LedgerStore } from '../../src/ledger/types.js';
import type { RequestFile } from '../../src/request-file/types.js';
import { createJobRunner } from '../../src/runner/job-runner.js';
import type { ProviderLimitsMap } from '../../src/runner/types.js';
import { fakeClient, fakeClock, makeJob, type Step } from '../poll/fakes.js';

/** The repo's examples/text-to-video.ltx.json, parsed (with a distinguishing prompt suffix). */
export function textToVideo(suffix = ''): RequestFile {
  return {
    provider: 'ltx',
    endpoint: 'text-to-video',
    name: 'lighthouse-at-dawn',
    request: {
      prompt: `A slow aerial shot of a lighthouse on a rocky coast at dawn${suffix}`,
      model: 'ltx-2-3-fast',
      resolution: '1920x1080',
      duration: 6,
      fps: 24,
      generate_audio: true,
      camera_motion: 'dolly_in',
    },
  };
}

export const ltxRef = (id: string): JobRef => ({ provider: 'ltx', endpoint: 'text-to-video', id });

export function succeeded(ref: JobRef, urls: Record<string, string>): Job {
  return makeJob(ref, 'succeeded', {
    artifacts: Object.entries(urls).map(([label, url]) => ({ label, url, mimeType: 'video/mp4' })),
  });
}

/** A runner over fake LTX/useapi clients, a memory ledger (or `store`) and virtual time. */
export async function setup(
  options: {
    scripts?: Record<string, Step[]>;
    submits?: Parameters<typeof fakeClient>[3];
    store?: LedgerStore;
    limits?: ProviderLimitsMap;
    realFetch?: boolean;
  } = {},
) {
  const clock = fakeClock();
  const deps = options.realFetch
    ? { ...clock.deps, fetch: (input: string | URL | Request, init?: RequestInit) => fetch(input, init) }
    : clock.deps;
  const ltx = fakeClient('ltx', clock.now, options.scripts ?? {}, options.submits ?? []);
  const useapi = fakeClient('useapi', clock.now, options.scripts ?? {});
  const store = options.store ?? createMemoryLedgerStore();
  const ledger = await createLedger(store, deps);
  const runner = await createJobRunner({
    clients: { ltx: ltx.client, useapi: useapi.client },
    ledger,
    deps,
    ...(options.limits ? { limits: options.limits } : {}),
  });
  const changes: [string, string | undefined][] = [];
  runner.onDidChange((ref, record) => changes.push([ref, record?.job?.state]));
  return { clock, ltx, useapi, store, ledger, runner, changes };
}
