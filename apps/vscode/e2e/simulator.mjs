// The simulator for e2e runs: @ltx-jobs/simulator in this process on loopback, plus a tiny loopback
// endpoint that serves its request log to the extension host (which runs in code-server's process).
import { createServer } from 'node:http';

/** Job timing for e2e runs, ms: slow enough to see "running" in the UI. Request files may override per job. */
export const E2E_TIMING = { pendingMs: 300, processingMs: 1500 };

/**
 * Starts the simulator and its request-log endpoint. Returns
 * `{ sim, url, ltxBaseUrl, useapiBaseUrl, logUrl, faultUrl, ltxApiKey, useapiToken, stop() }`.
 * `POST faultUrl` with a FaultRule JSON adds it to the simulator (the extension host cannot reach `sim`).
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
    if (req.method === 'POST' && req.url === '/fault') {
      // A FaultRule as JSON (see the simulator README), e.g. a delayed download for the reload test.
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        try {
          sim.addFault(JSON.parse(body));
          res.writeHead(204).end();
        } catch (error) {
          res.writeHead(400, { 'content-type': 'text/plain' }).end(String(error));
        }
      });
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise((resolve, reject) => {
    logServer.once('error', reject);
    logServer.listen(0, '127.0.0.1', resolve);
  });
  const adminUrl = `http://127.0.0.1:${logServer.address().port}`;
  const logUrl = `${adminUrl}/log`;
  return {
    sim,
    url: sim.url,
    ltxBaseUrl: sim.ltxBaseUrl,
    useapiBaseUrl: sim.useapiBaseUrl,
    logUrl,
    faultUrl: `${adminUrl}/fault`,
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
    faultUrl: s.faultUrl,
    ltxApiKey: s.ltxApiKey,
    useapiToken: s.useapiToken,
  };
}
