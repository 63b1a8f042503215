import { registerSecret } from '@ltx-jobs/core';
import type { TeamJobRow } from '@ltx-jobs/queue';
import { describe, expect, it } from 'vitest';
import { queueConnection } from '../../src/team/queue-setting.js';
import { withoutSecrets } from '../../src/team/team-reader.js';
import { teamFileMessage, teamStateLabel } from '../../src/team/team-row.js';
import { localPath, teamRowOf } from '../../src/team/team-rows.js';
import { jobView } from '../../src/view-model/job-view.js';
import { NOW, succeeded } from './records.js';

// Issue 14: a team-queue job (as packages/queue reads it) -> a row of the Jobs view, and the
// `ltxJobs.queue.url` setting + the stored password -> the URL the queue is opened with.

const QUEUE = 'redis://default:***@10.0.0.5:6379/0';

function job(overrides: Partial<TeamJobRow> = {}): TeamJobRow {
  return {
    jobId: 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6',
    provider: 'ltx',
    name: 'sunset',
    submittedBy: { user: 'alice', host: 'studio-7' },
    enqueuedAt: '2026-11-23T09:58:00.000Z',
    runId: 'run1',
    queueState: 'waiting',
    files: [],
    endpoint: 'text-to-video',
    request: { prompt: 'a sunset over the sea', model: 'ltx-2-3-fast', duration: 6 },
    requestFile: '/home/alice/ws/sunset.ltx.json',
    queuedAt: Date.parse('2026-11-23T09:58:00Z'),
    ...overrides,
  };
}

const options = (over: Partial<Parameters<typeof teamRowOf>[1]> = {}) => ({
  queue: QUEUE,
  sharedFolder: '',
  exists: () => true,
  me: 'carol@laptop',
  ...over,
});

describe('teamRowOf: a team job as a row of the Jobs view', () => {
  it('shows a job still in the queue under queue:<id>, by who submitted it, waiting for a worker', () => {
    const row = teamRowOf(job(), options());
    expect(row.record).toMatchObject({
      ref: 'queue:a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6',
      provider: 'ltx',
      endpoint: 'text-to-video',
      name: 'sunset',
      submittedAt: '2026-11-23T09:58:00.000Z',
      watching: true,
      job: { state: 'queued' },
    });
    // A team job never joins one of this window's runs.
    expect(row.record.runId).toBeUndefined();
    expect(row.info).toMatchObject({
      by: 'alice@studio-7',
      mine: false,
      queueState: 'waiting',
      queue: QUEUE,
    });
    expect(teamRowOf(job(), options({ me: 'alice@studio-7' })).info.mine).toBe(true);
    const view = jobView(row.record, NOW, { team: row.info });
    expect(view.description).toBe(
      'waiting for a worker · 2m 00s · by alice@studio-7 · a sunset over the sea',
    );
    // A paragraph of its own after the record's facts (not part of their last bullet).
    expect(view.tooltip).toMatch(
      /\n\nTeam queue job `a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6` on .*, submitted by \*\*alice@studio-7\*\*\./,
    );
    expect(view.tooltip).toContain(QUEUE.replace(/\*/g, '\\*'));
    const tokens = view.contextValue.split(' ');
    expect(tokens).toContain('team');
    // Watching, downloading, cancelling and resubmitting are the worker's or need this window's ledger.
    for (const token of ['watching', 'paused', 'cancellable', 'downloadable', 'resubmittable'])
      expect(tokens).not.toContain(token);
  });

  it('names where the worker is before the provider has the job', () => {
    const label = (over: Partial<TeamJobRow>) => {
      const row = teamRowOf(job(over), options());
      return teamStateLabel(row.record, row.info);
    };
    expect(label({ queueState: 'delayed' })).toBe('waiting for an account slot');
    expect(label({ queueState: 'active', stage: 'preparing' })).toBe('preparing');
    expect(label({ queueState: 'active', stage: 'posting' })).toBe('sending');
  });

  it("uses the shared ledger's record once the provider accepted the job: its state, progress and files", () => {
    const record = {
      ...succeeded({
        requestFile: '/home/alice/ws/sunset.ltx.json',
        outputDir: '/srv/ltx-out',
        runId: 'run1',
        intentId: 'queue:a1b2',
      }),
      downloads: [
        {
          label: 'video_url',
          path: '/srv/ltx-out/sunset-6f1c1c8e.mp4',
          bytes: 1000,
          completedAt: '2026-11-23T09:59:40Z',
        },
      ],
    };
    const ended = job({
      queueState: 'completed',
      stage: 'done',
      ref: record.ref,
      record,
      worker: '4242@render-1',
    });
    const here = teamRowOf(ended, options());
    expect(here.record.ref).toBe(record.ref);
    expect(here.record.job?.state).toBe('succeeded');
    expect(here.record.runId).toBeUndefined();
    expect(here.record.downloads[0]?.path).toBe('/srv/ltx-out/sunset-6f1c1c8e.mp4');
    expect(here.info.unreachable).toEqual([]);
    expect(jobView(here.record, NOW, { team: here.info }).contextValue.split(' ')).toEqual(
      expect.arrayContaining(['job', 'succeeded', 'finished', 'team', 'downloaded', 'hasVideo']),
    );

    // Mounted at another path here: the files are looked for there.
    const mounted = teamRowOf(ended, options({ sharedFolder: '/mnt/team-out' }));
    expect(mounted.record.downloads[0]?.path).toBe('/mnt/team-out/sunset-6f1c1c8e.mp4');

    // Not reachable from this machine: the row says where the file is.
    const away = teamRowOf(ended, options({ exists: () => false }));
    expect(away.info.unreachable).toEqual(['/srv/ltx-out/sunset-6f1c1c8e.mp4']);
    expect(jobView(away.record, NOW, { team: away.info }).tooltip).toContain(
      'In the shared folder at `/srv/ltx-out/sunset-6f1c1c8e.mp4` (not reachable from this machine)',
    );
    expect(teamFileMessage(away.record, away.info, 'video_url')).toMatch(
      /video_url of "sunset" is in the team's shared folder at \/srv\/ltx-out\/sunset-6f1c1c8e\.mp4, which this machine cannot reach\. Mount that folder here and set ltxJobs\.queue\.sharedFolder/,
    );
  });

  it("shows a failed queue job with the worker's reason, and an interrupted submit as may-have-been-billed", () => {
    const failed = teamRowOf(
      job({
        queueState: 'failed',
        failedReason: 'The request was refused: duration must be 6..20',
        endedAt: NOW,
      }),
      options(),
    );
    expect(failed.record.job).toMatchObject({
      state: 'failed',
      error: { type: 'queue_job_failed', message: 'The request was refused: duration must be 6..20' },
    });
    const interrupted = teamRowOf(job({ queueState: 'failed', stage: 'interrupted' }), options());
    expect(interrupted.record.job?.error?.type).toBe('submit_interrupted');
    expect(jobView(interrupted.record, NOW, { team: interrupted.info }).tooltip).toContain(
      'it may have been billed',
    );
  });

  it('leaves a file outside the workers’ folder where it is', () => {
    const o = options({ sharedFolder: '/mnt/x' });
    expect(localPath('/elsewhere/a.mp4', '/srv/out', o)).toBe('/elsewhere/a.mp4');
    expect(localPath('/srv/out/sub/a.mp4', '/srv/out', o)).toBe('/mnt/x/sub/a.mp4');
    expect(localPath('/srv/out/a.mp4', undefined, o)).toBe('/srv/out/a.mp4');
  });
});

describe('queueConnection: ltxJobs.queue.url and the stored password', () => {
  it('opens a URL without a password as it is, and shows it as it is', () => {
    expect(queueConnection(' redis://10.0.0.5:6379/0 ', undefined)).toEqual({
      url: 'redis://10.0.0.5:6379/0',
      shown: 'redis://10.0.0.5:6379/0',
    });
    expect(queueConnection('rediss://alice@q.example:6380', undefined).url).toBe(
      'rediss://alice@q.example:6380',
    );
  });

  it('puts the stored password in (user `default` when the URL names none) and never shows it', () => {
    const plain = queueConnection('redis://10.0.0.5:6379/0', 's3cr#t/pw');
    expect(plain.url).toBe('redis://default:s3cr%23t%2Fpw@10.0.0.5:6379/0');
    expect(plain.shown).toBe('redis://default:***@10.0.0.5:6379/0');
    const user = queueConnection('rediss://alice@q.example:6380', 'pw');
    expect(user.url).toBe('rediss://alice:pw@q.example:6380');
    expect(user.shown).toBe('rediss://alice:***@q.example:6380');
  });

  it('refuses a password in the setting, naming the setting and the command, without the password', () => {
    let message = '';
    try {
      queueConnection('redis://alice:hunter2@q.example:6379', undefined);
    } catch (error) {
      message = (error as Error).message;
      expect((error as Error).name).toBe('ConfigError');
    }
    expect(message).toContain('ltxJobs.queue.url carries a password (redis://alice:***@q.example:6379)');
    expect(message).toContain('redis://alice@q.example:6379');
    expect(message).toContain('"LTX Jobs: Set Team Queue Password"');
    expect(message).not.toContain('hunter2');
  });

  it('refuses what is not a redis URL, naming the setting', () => {
    expect(() => queueConnection('http://q.example:6379', undefined)).toThrow(
      /ltxJobs\.queue\.url: expected a redis:\/\/ or rediss:\/\/ URL/,
    );
    expect(() => queueConnection('q.example:6379', undefined)).toThrow(/ltxJobs\.queue\.url/);
  });
});

describe('withoutSecrets: errors of the team reader', () => {
  it('leave without the password (registered or in a redis URL), keeping the error itself', async () => {
    registerSecret('pw-for-the-team-9z');
    class Odd extends Error {
      readonly code = 'ODD';
    }
    const failing = withoutSecrets(async () => {
      throw new Odd('AUTH pw-for-the-team-9z failed for redis://bob:hunter2-long@q:6379');
    });
    const error = await failing().catch((e: unknown) => e as Odd);
    expect(error).toBeInstanceOf(Odd);
    expect(error.code).toBe('ODD');
    expect(error.message).toBe('AUTH [redacted] failed for redis://bob:***@q:6379');
    expect(error.stack).not.toContain('pw-for-the-team-9z');
  });
});
