// Benchmarks of @ltx-jobs/core against dist/ (build first: `pnpm --filter @ltx-jobs/core build`).
// Prints numbers only; nothing is asserted. Run: `pnpm --filter @ltx-jobs/core bench`.
import { benchDownload } from './download.mjs';
import { benchLedger } from './ledger.mjs';
import { benchScheduler } from './scheduler.mjs';

const fmt = (value) =>
  typeof value === 'number' ? (Number.isInteger(value) ? String(value) : value.toFixed(2)) : String(value);

function table(title, rows) {
  console.log(`\n${title}`);
  const width = Math.max(...Object.keys(rows).map((k) => k.length));
  for (const [key, value] of Object.entries(rows)) console.log(`  ${key.padEnd(width)}  ${fmt(value)}`);
}

console.log(`@ltx-jobs/core bench — node ${process.version}, ${process.platform}/${process.arch}`);
table('Poll scheduler: 1,000 jobs, 3 reads each, budget 2 reads/s (virtual time)', await benchScheduler());
table(
  'Poll scheduler: 1,000 jobs, 3 reads each, no budget (virtual time)',
  await benchScheduler({ perSecond: Infinity }),
);
table('Ledger: JSONL file store, fsync per append, 10,000 records', await benchLedger());
table(
  'Download: 1 GiB from a Range-capable loopback server (own process), core vs curl -o, interleaved',
  await benchDownload(),
);
