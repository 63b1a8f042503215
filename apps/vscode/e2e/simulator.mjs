// The simulator for e2e runs: @ltx-jobs/simulator in this process on loopback, plus a tiny loopback
// endpoint that serves its request log to the extension host (which runs in code-server's process).
import { createServer } from 'node:http';

/** Job timing for e2e runs, ms: slow enough to see "running" in the UI. Request files may override per job. */
export const E2E_TIMING = { pendingMs: 300, processingMs: 1500 };

/**
 * Starts the simulator and its request-log endpoint. Returns
 * `{ sim, url, ltxBaseUrl, useapiBaseUrl, logUrl, ltxApiKey, useapiToken, stop() }`.
 */
export async function startE2eSimulator(options = {}) {
  let mod;
  try {
    mod = await import('@ltx-jobs/simulator');
  } catch (error) {
    throw new Error(`cannot load @ltx-jobs/simulator (run \`pnpm build\` first): ${error.message}`);
  }
  const sim = await mod.startSimulator({ ...E2E_TIMING, ...options });
  const logServer = createServer((req, res) => {
    if (req.method === 'GET' && req.url?.startsWith('/log')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ entries: sim.requests }));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise((resolve, reject) => {
    logServer.once('error', reject);
    logServer.listen(0, '127.0.0.1', resolve);
  });
  const logUrl = `http://127.0.0.1:${logServer.address().port}/log`;
  return {
    sim,
    url: sim.url,
    ltxBaseUrl: sim.ltxBaseUrl,
    useapiBaseUrl: sim.useapiBaseUrl,
    logUrl,
    ltxApiKey: sim.ltxApiKey,
    useapiToken: sim.useapiToken,
    async stop() {
      logServer.closeAllConnections();
      await new Promise((resolve) => logServer.close(() => resolve()));
      await sim.close();
    },
  };
}

/** The part of a started simulator the extension-host suite needs (see test/exthost/config.ts). */
export function suiteSimulatorConfig(s) {
  return {
    ltxBaseUrl: s.ltxBaseUrl,
    useapiBaseUrl: s.useapiBaseUrl,
    logUrl: s.logUrl,
    ltxApiKey: s.ltxApiKey,
  };
}
