import type { Services } from '../services/services.js';

/** ltxJobs.showLog: shows the "LTX Jobs" log channel. */
export async function showLog(services: Services): Promise<void> {
  services.log.show(true);
}
