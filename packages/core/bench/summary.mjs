// The closing table of `pnpm bench`: every row of issue 8's goal table with its goal, what this run
// measured and whether it is met. Reads the results run.mjs collected; a part not run says so.

const fixed = (n, digits = 2) => (typeof n === 'number' && Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

/** One row: measure, goal, measured (text), met (true/false/undefined when not measured). */
function row(measure, goal, measured, met) {
  return { measure, goal, measured, met };
}

/**
 * The download row. The core makes every file durable before it gets its final name (fsync, then
 * rename); `curl -o` leaves it in the page cache. Issue 8 lets that fsync stay if its cost is measured
 * and said: so the row gives both ratios, and what flushing 1 GiB costs curl itself (curl -o + sync).
 * Met when the core keeps up with curl -o, or, durable, with curl -o + sync.
 */
function downloadRow(download) {
  const plain = download.curlSecondsOverCoreSeconds;
  const durable = download.durableRatio;
  const syncCost =
    typeof download.curlThenSyncSeconds === 'number' && typeof download.curlSeconds === 'number'
      ? `; the flush costs curl ${fixed(download.curlThenSyncSeconds - download.curlSeconds)} s`
      : '';
  const measured = `${fixed(plain)}x vs curl -o, ${fixed(durable)}x vs curl -o + sync${syncCost}`;
  const met = plain >= 0.9 ? true : durable >= 0.9 ? 'durable' : false;
  return row('1 GiB download, core vs curl -o (curl s / core s)', '>= 0.90x', measured, met);
}

/** The rows of issue 8's table from `results` (keys: download, poll, bundle, activation, load10k, load100k, append, list). */
export function goalRows(results) {
  const { download, poll, bundle, activation, load10k, load100k, append, list } = results;
  const rows = [];
  rows.push(
    download
      ? downloadRow(download)
      : row('1 GiB download, core vs curl -o', '>= 0.90x', 'not run (part download)', undefined),
  );
  if (poll) {
    const goal = poll.seen['goal: p99 within (interval + 100 ms)'];
    const [seenCount, total] = String(poll.seen.completionsSeen).split(' of ').map(Number);
    rows.push(
      row(
        'Completion seen, 1,000 active jobs, defaults (p99)',
        `<= ${goal} ms, all seen`,
        `${fixed(poll.seen.seenAfterCompletionP99Ms, 0)} ms, ${poll.seen.completionsSeen} seen`,
        poll.seen.seenAfterCompletionP99Ms <= goal && seenCount === total,
      ),
    );
    const cpuRatio = poll.cpu['ratio engine / fetch loop (goal <= 1.2)'];
    rows.push(
      row('CPU per status read vs a naive fetch loop', '<= 1.20x', `${fixed(cpuRatio)}x`, cpuRatio <= 1.2),
    );
    const answered = poll.limited['answered reads/s over the steady part / R (goal >= 0.9)'];
    const share = Number.parseFloat(poll.limited['429 share, whole run (goal < 1 %)']);
    rows.push(
      row(
        `Simulator limit R = ${poll.limited.limitPerSecond}/s: answered reads / R, 429 share`,
        '>= 0.90, < 1 %',
        `${fixed(answered)}, ${fixed(share)} %`,
        answered >= 0.9 && share < 1,
      ),
    );
  } else {
    rows.push(
      row('Completion seen / CPU per read / rate limit', 'see issue 8', 'not run (part poll)', undefined),
    );
  }
  rows.push(
    bundle
      ? row(
          'Extension bundle parsed at activation (dist/extension.js)',
          '< 300 KB',
          `${fixed(bundle.mainBundleKB, 0)} KB (+ runner ${fixed(bundle.runnerBundleKB, 0)} KB after, features ${fixed(bundle.featuresBundleKB, 0)} KB on first use)`,
          bundle.mainBundleKB < 300,
        )
      : row('Extension bundle', '< 300 KB', 'not run (part startup)', undefined),
  );
  if (activation) {
    const full = Object.keys(activation).find((k) => /^jobs\d+TotalMs$/.test(k));
    const listed = Object.keys(activation).find((k) => /^jobs\d+ListInAfterMs$/.test(k));
    rows.push(
      row(
        'Extension require + activate, empty / 10,000 jobs',
        '< 50 ms both',
        `${fixed(activation.emptyTotalMs, 0)} / ${fixed(activation[full], 0)} ms (list in after ${fixed(activation[listed], 0)} ms; node -e 0: ${fixed(activation.nodeEmptyMs, 0)} ms)`,
        activation.emptyTotalMs < 50 && activation[full] < 50,
      ),
    );
  } else {
    rows.push(row('Extension require + activate', '< 50 ms', 'not run (part startup)', undefined));
  }
  rows.push(
    load10k && load100k
      ? row(
          'Ledger load, 10,000 / 100,000 records',
          '< 50 / < 500 ms',
          `${fixed(load10k.loadMsMedianOf5, 0)} / ${fixed(load100k.loadMsMedianOf5, 0)} ms`,
          load10k.loadMsMedianOf5 < 50 && load100k.loadMsMedianOf5 < 500,
        )
      : row('Ledger load', '< 50 / < 500 ms', 'not run (part ledger)', undefined),
  );
  rows.push(
    append
      ? row(
          'Ledger append (fsync each) vs raw append + fsync',
          '<= 1.50x',
          `${fixed(append.ratio)}x`,
          append.ratio <= 1.5,
        )
      : row('Ledger append vs raw append + fsync', '<= 1.50x', 'not run (part ledger)', undefined),
  );
  rows.push(
    list
      ? row(
          '`ltx-jobs list`, 10,000 records, vs `node -e 0` (wall)',
          '<= 2.00x',
          `${fixed(list.ratio)}x (${fixed(list.listMs, 0)} / ${fixed(list.nodeEmptyMs, 0)} ms; CPU ${fixed(list.cpuRatio)}x)`,
          list.ratio <= 2,
        )
      : row('`ltx-jobs list` vs `node -e 0`', '<= 2.00x', 'not run (part startup)', undefined),
  );
  return rows;
}

/** Prints {@link goalRows} as an aligned table. */
export function printGoals(results) {
  const rows = goalRows(results);
  const cells = [
    ['Measure', 'Goal', 'Measured', 'Met'],
    ...rows.map((r) => [
      r.measure,
      r.goal,
      r.measured,
      r.met === undefined ? '-' : r.met === 'durable' ? 'yes, durable' : r.met ? 'yes' : 'NO',
    ]),
  ];
  const widths = cells[0].map((_, i) => Math.max(...cells.map((c) => c[i].length)));
  console.log("\nIssue 8's goals, this run (ratios from interleaved runs on this machine)");
  for (const c of cells)
    console.log(
      `  ${c
        .map((v, i) => v.padEnd(widths[i]))
        .join('  ')
        .trimEnd()}`,
    );
}
