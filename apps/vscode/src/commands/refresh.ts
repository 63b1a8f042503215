import type { Services } from '../services/services.js';

/** ltxJobs.refresh: redraws the tree and resumes watching live jobs that are not watched (e.g. after an error). */
export async function refresh(services: Services, redraw: () => void): Promise<void> {
  const resumed = services.store.resume();
  if (resumed.length > 0) services.logger.info(`Watching again: ${resumed.join(', ')}`);
  redraw();
}
