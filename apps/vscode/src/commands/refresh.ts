import type { Services } from '../services/services.js';

/**
 * ltxJobs.refresh: redraws the tree and watches every job that has not ended, including those the
 * user stopped watching and those whose watch stopped with an error (e.g. before a key was set); with
 * a team queue, reads it again (or tries to reach it again).
 */
export async function refresh(services: Services, redraw: () => void): Promise<void> {
  const resumed = services.store.resume({ includePaused: true });
  if (resumed.length > 0) services.logger.info(`Watching again: ${resumed.join(', ')}`);
  await services.teamJobs.refresh();
  redraw();
}
