// Benchmarks of @ltx-jobs/core against dist/ (build first: `pnpm --filter @ltx-jobs/core build`).
// Prints numbers only; nothing is asserted. Run: `pnpm --filter @ltx-jobs/core bench` (all), or
// `node bench/run.mjs poll` (or `ledger`, `startup`, `download`, `run`) for one part.
import { benchDownload } from './download.mjs';
import { benchGroupCommit, benchLedgerAppend, benchLedgerLoad } from './ledger.mjs';
import { benchRun } from './runs.mjs';
import { benchPollLive, benchRateLimitVirtual, benchScheduler } from './scheduler.mjs';
import { benchActivation, benchCliList, benchExtensionBundle } from './startup.mjs';
import { printGoals } from './summary.mjs';

const fmt = (value) =>
  typeof value === 'number' ? (Number.isInteger(value) ? String(value) : value.toFixed(2)) : String(value);

function table(title, rows) {
  console.log(`\n${title}`);
  const width = Math.max(...Object.keys(rows).map((k) => k.length));
  for (const [key, value] of Object.entries(rows)) console.log(`  ${key.padEnd(width)}  ${fmt(value)}`);
}

console.log(`@ltx-jobs/core bench — node ${process.version}, ${process.platform}/${process.arch}`);
const only = process.argv[2];
const part = (name) => only === undefined || only === name;
/** What each part measured, for the summary of issue 8's goals at the end. */
const results = {};

if (part('poll')) {
  table(
    'Poll engine alone: 1,000 jobs, 3 reads each, defaults (virtual time, no HTTP)',
    await benchScheduler(),
  );
  table(
    'Poll engine alone vs a 50/s sliding-window limit: 1,000 jobs, 300 s (virtual time, no machine noise)',
    await benchRateLimitVirtual(),
  );
  const live = await benchPollLive();
  results.poll = live;
  table('Poll, 1,000 jobs on the simulator (own process), defaults as shipped: completion seen', live.seen);
  table(
    'Poll: CPU per status read, engine vs naive loops, 1,000 jobs at 2 s (interleaved runs, medians)',
    live.cpu,
  );
  table('Poll: the simulator limits status reads to R = 50/s; 1,000 jobs, defaults as shipped', live.limited);
}
if (part('run')) {
  table(
    'Run: a 200-line manifest through the runner against the simulator (LTX: 2 slots), time scaled 1:100 (interval 50 ms, jobs 1 s)',
    await benchRun(),
  );
  table(
    'Run: the same with jobs of 500 ms (each slot handover and end detection weigh twice as much)',
    await benchRun({ jobMs: 500 }),
  );
}
if (part('ledger')) {
  results.load10k = await benchLedgerLoad();
  table('Ledger load, 10,000 records (snapshot + 100 appended lines; goal < 50 ms)', results.load10k);
  results.load100k = await benchLedgerLoad({ count: 100_000 });
  table('Ledger load, 100,000 records (goal < 500 ms)', results.load100k);
  results.append = await benchLedgerAppend();
  table('Ledger append, fsync each, vs raw write + fsync (goal ratio <= 1.5)', results.append);
  table('Ledger group commit: 200 jobs change at once', await benchGroupCommit());
}
if (part('startup')) {
  results.bundle = benchExtensionBundle();
  table(
    'Extension bundle: main (parsed at activation), features (on first use) (goal < 300 KB)',
    results.bundle,
  );
  results.activation = await benchActivation();
  table(
    'Extension require + activate, stand-in vscode (goal < 50 ms, also with 10,000 jobs; the list loads after activate())',
    results.activation,
  );
  results.list = await benchCliList();
  table('`ltx-jobs list`, 10,000 records, vs `node -e 0` (goal ratio <= 2)', results.list);
}
if (part('download')) {
  results.download = await benchDownload();
  table(
    'Download: 1 GiB from a Range-capable loopback server (own process), core vs curl -o, interleaved',
    results.download,
  );
}
printGoals(results);
