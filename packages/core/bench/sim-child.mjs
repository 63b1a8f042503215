// The simulator for the poll and run benches, in its own process (forked by bench/scheduler.mjs) so that its
// CPU never counts as the client's. Answers IPC messages: {cmd: 'submit' | 'faults' | 'log' | 'close'}.
// It submits jobs itself (over loopback, before the client starts measuring). argv[2]: simulator options (JSON).
const { startSimulator } = await import(new URL('../../simulator/dist/index.js', import.meta.url).href);

const overrides = process.argv[2] ? JSON.parse(process.argv[2]) : {};
const sim = await startSimulator({ ltxConcurrencyLimit: null, useapiMaxJobs: null, ...overrides });

/** Submits `count` LTX text-to-video jobs, job i with `phases(i)` = {pendingMs, processingMs}. */
async function submit(count, phases) {
  const jobs = [];
  const one = async (i) => {
    const { pendingMs, processingMs } = phases[i];
    const body = {
      prompt: `bench job ${i} [sim:pending-ms=${pendingMs}] [sim:processing-ms=${processingMs}]`,
      model: 'ltx-2-3-fast',
      resolution: '1920x1080',
      duration: 6,
    };
    const res = await fetch(`${sim.ltxBaseUrl}/v2/text-to-video`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sim.ltxApiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status !== 202) throw new Error(`submit ${i} answered ${res.status}: ${await res.text()}`);
    const data = await res.json();
    jobs[i] = { id: data.id, createdAt: Date.parse(data.created_at) };
  };
  for (let i = 0; i < count; i += 50) {
    await Promise.all(Array.from({ length: Math.min(50, count - i) }, (_, k) => one(i + k)));
  }
  return jobs;
}

process.on('message', async (message) => {
  try {
    let result;
    if (message.cmd === 'submit') result = await submit(message.count, message.phases);
    else if (message.cmd === 'faults') sim.setFaults(message.faults);
    else if (message.cmd === 'log') {
      // [arrival ms, status] of every LTX status read since `since`; then the log is emptied.
      result = sim.requests
        .filter((e) => e.api === 'ltx' && e.op === 'status' && e.at >= message.since)
        .map((e) => [e.at, e.status]);
      sim.clearRequests();
    } else if (message.cmd === 'close') {
      await sim.close();
      process.send({ id: message.id, result: null }, () => process.exit(0));
      return;
    }
    process.send({ id: message.id, result });
  } catch (error) {
    process.send({ id: message.id, error: String(error?.stack ?? error) });
  }
});

process.send({
  ready: true,
  ltxBaseUrl: sim.ltxBaseUrl,
  ltxApiKey: sim.ltxApiKey,
});
