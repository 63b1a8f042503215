import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES } from './harness.js';

/** The campaign of scripts/kill-campaign.mjs (run it for the full figures), bounded to 6 kills. */
describe('kill -9 campaign, bounded', () => {
  it('6 kills over submit, poll and download: nothing lost outside the submit window, no silent duplicate, no partial file', async () => {
    const script = join(EXAMPLES, '..', 'scripts', 'kill-campaign.mjs');
    const { runCampaign } = (await import(script)) as {
      runCampaign(options: { runs: number; seed: number }): Promise<Record<string, unknown>>;
    };
    const figures = await runCampaign({ runs: 6, seed: 11 });
    expect(figures).toMatchObject({
      runs: 6,
      byPhase: { submit: 2, poll: 2, download: 2 },
      lostOutsideSubmitWindow: 0,
      duplicateSubmitsWithoutWarning: 0,
      partialFilesUnderFinalNames: 0,
      listFailures: 0,
      watchFailures: 0,
      problems: [],
    });
    expect(figures.killedDuringRun).toBeGreaterThanOrEqual(4);
  }, 180_000);
});
