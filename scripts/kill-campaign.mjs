#!/usr/bin/env node
// The kill -9 campaign of issue 9: runs the BUILT CLI (`ltx-jobs submit --wait`) against the simulator,
// kills it with SIGKILL at a random point of its submit, poll or download phase, then checks what a
// user would check and prints the figures:
//
// - no partial file under a final name (every non-hidden file in the output folder is a whole MP4);
// - `list` works and `watch` recovers every job the ledger knows (each one ends on disk);
// - no job is lost outside the submit window: every job the simulator made is in the ledger, or the
//   ledger shows an interrupted submit for it ("may have been billed"; inside the window);
// - no duplicate submit without a warning: the same file is submitted again without
//   --allow-duplicate; it must be refused when the first one may have reached the provider, and the
//   simulator must never have made two jobs for one file.
//
// Usage: pnpm build && node scripts/kill-campaign.mjs [--runs 60] [--seed 7]
// The module also exports runCampaign() for the bounded version in apps/cli/test.
import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(repo, 'apps', 'cli', 'dist', 'cli.js');
const PHASES = ['submit', 'poll', 'download'];

/** A small seeded random source (mulberry32), so a campaign can be replayed. */
function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function runCli(args, env, { killWhen } = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let killed = false;
    const kill = () => {
      if (killed) return;
      killed = true;
      child.kill('SIGKILL');
    };
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
      killWhen?.(stderr, kill);
    });
    killWhen?.('', kill);
    const guard = setTimeout(kill, 60_000); // bounded: no run outlives a minute
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, stdout, stderr, killed });
    });
  });
}

/** Every non-hidden file under `dir` must be a whole MP4 of the size the simulator serves. */
function partialFinals(dir, inspectMp4, sizes) {
  if (!existsSync(dir)) return [];
  const bad = [];
  for (const name of readdirSync(dir)) {
    if (name.startsWith('.')) continue; // part files and provenance sidecars of a download in flight
    if (name.endsWith('.ltx-job.json')) continue;
    const bytes = readFileSync(join(dir, name));
    try {
      inspectMp4(bytes);
      if (!sizes.includes(bytes.length)) bad.push(`${name} (${bytes.length} bytes)`);
    } catch (error) {
      bad.push(`${name}: ${error.message}`);
    }
  }
  return bad;
}

/**
 * Runs the campaign and returns its figures. `runs` kills, spread evenly over the three phases in a
 * seeded random order, with random delays inside each phase.
 */
export async function runCampaign({ runs = 60, seed = 1, log = () => {} } = {}) {
  if (!existsSync(CLI)) throw new Error(`Build first: ${CLI} is missing (pnpm build)`);
  const { startSimulator, inspectMp4, loadAsset } = await import(
    join(repo, 'packages/simulator/dist/index.js')
  );
  const random = seeded(seed);
  const sim = await startSimulator({ pendingMs: 150, processingMs: 600, ltxConcurrencyLimit: null });
  const dir = mkdtempSync(join(tmpdir(), 'ltx-kill-campaign-'));
  const home = join(dir, 'home'); // one ledger for the whole campaign, as a user has
  const env = { PATH: process.env.PATH ?? '', HOME: dir, ...sim.env, LTX_JOBS_HOME: home };
  const sizes = [loadAsset('landscape-mp4').length, loadAsset('portrait-mp4').length];
  const figures = {
    runs: 0,
    byPhase: { submit: 0, poll: 0, download: 0 },
    killedDuringRun: 0,
    exitedBeforeKill: 0,
    jobsMade: 0,
    recoveredByWatch: 0,
    lostOutsideSubmitWindow: 0,
    insideSubmitWindowAnnounced: 0,
    resubmitsRefused: 0,
    resubmitsAllowed: 0,
    duplicateSubmitsWithoutWarning: 0,
    partialFilesUnderFinalNames: 0,
    listFailures: 0,
    watchFailures: 0,
    problems: [],
  };
  const phases = Array.from({ length: runs }, (_, i) => PHASES[i % 3]).sort(() => random() - 0.5);
  try {
    for (let i = 0; i < runs; i++) {
      const phase = phases[i];
      const provider = random() < 0.5 ? 'ltx' : 'useapi';
      const prompt = `kill campaign ${seed}-${i} ${phase}${phase === 'download' ? ' [sim:cut-download]' : ''}`;
      const folder = join(dir, `run-${i}`);
      const out = join(folder, 'out');
      mkdirSync(folder, { recursive: true });
      const file = join(folder, `run-${i}.ltx.json`);
      const body =
        provider === 'ltx'
          ? {
              provider,
              endpoint: 'text-to-video',
              name: `run-${i}`,
              request: { prompt, model: 'ltx-2-3-fast', resolution: '1920x1080', duration: 6, fps: 24 },
            }
          : { provider, endpoint: 'videos/ltx-create', name: `run-${i}`, request: { prompt, duration: 3 } };
      writeFileSync(file, JSON.stringify(body, null, 2));
      figures.runs++;
      figures.byPhase[phase]++;
      // Make each phase long enough to be hit: the POST waits, a download is cut then waits to resume.
      // Half the submit kills aim at the window between the provider making the job and the ledger
      // recording it (the answer is held back after the job exists), half at the POST on its way.
      if (phase === 'submit') {
        const after = random() < 0.5;
        sim.addFault({
          type: 'delay',
          ms: 100 + Math.floor(random() * 300),
          after,
          where: { api: provider, op: 'submit' },
        });
      }
      if (phase === 'download')
        sim.addFault({
          type: 'delay',
          ms: 300 + Math.floor(random() * 500),
          times: 1,
          where: { api: 'storage', op: 'download' },
        });
      const delay = Math.floor(random() * (phase === 'poll' ? 700 : 450));
      const marker = { submit: /submitting/, poll: /submitted as/, download: /downloading|succeeded/ }[phase];
      let armed = false;
      const run = await runCli(['submit', file, '--wait', '--out', out, '--poll-interval', '0.1'], env, {
        killWhen: (stderr, kill) => {
          if (armed || !marker.test(stderr)) return;
          armed = true;
          setTimeout(kill, delay);
        },
      });
      if (run.killed && run.signal === 'SIGKILL') figures.killedDuringRun++;
      else figures.exitedBeforeKill++;

      const partial = partialFinals(out, inspectMp4, sizes);
      figures.partialFilesUnderFinalNames += partial.length;
      for (const p of partial) figures.problems.push(`run ${i}: partial file under its final name: ${p}`);

      const list = await runCli(['list', '--json'], env);
      if (list.code !== 0) {
        figures.listFailures++;
        figures.problems.push(`run ${i}: list exited ${list.code}: ${list.stderr.trim()}`);
        continue;
      }
      const entries = JSON.parse(list.stdout).filter((e) => e.file === file);
      const made = () => sim.jobs.list().filter((j) => j.body?.prompt === prompt);
      const interrupted = entries.filter((e) => e.state === 'submit-interrupted' || e.state === 'submitting');

      // A second submit of the same file, never with --allow-duplicate.
      const again = await runCli(['submit', file, '--wait', '--out', out, '--poll-interval', '0.1'], env);
      if (again.code === 7) figures.resubmitsRefused++;
      else if (again.code === 0) figures.resubmitsAllowed++;
      else
        figures.problems.push(
          `run ${i}: resubmit exited ${again.code}: ${again.stderr.trim().split('\n').at(-1)}`,
        );
      if (made().length > 1) {
        figures.duplicateSubmitsWithoutWarning++;
        figures.problems.push(`run ${i}: ${made().length} jobs made for one file`);
      }

      // watch every job the ledger has for this file, to the end.
      const after = JSON.parse((await runCli(['list', '--json'], env)).stdout).filter((e) => e.file === file);
      for (const job of after.filter((e) => e.ref && !e.ref.startsWith('intent:'))) {
        const watch = await runCli(['watch', job.ref, '--poll-interval', '0.1', '--json'], env);
        if (watch.code === 0) figures.recoveredByWatch++;
        else {
          figures.watchFailures++;
          figures.problems.push(
            `run ${i}: watch ${job.ref} exited ${watch.code}: ${watch.stderr.trim().split('\n').at(-1)}`,
          );
        }
      }
      const known = new Set(after.map((e) => e.ref));
      for (const job of made()) {
        figures.jobsMade++;
        const ref = job.provider === 'ltx' ? `ltx:${job.endpoint}/${job.id}` : `useapi:${job.id}`;
        if (known.has(ref)) continue;
        if (interrupted.length > 0 || after.some((e) => e.state === 'submit-interrupted')) {
          figures.insideSubmitWindowAnnounced++;
        } else {
          figures.lostOutsideSubmitWindow++;
          figures.problems.push(`run ${i}: ${ref} was made but is neither in the ledger nor announced`);
        }
      }
      const late = partialFinals(out, inspectMp4, sizes);
      figures.partialFilesUnderFinalNames += late.length;
      log(
        `run ${i + 1}/${runs} ${provider} ${phase}: ${run.killed ? `killed after ${delay} ms` : `exited ${run.code}`}; resubmit ${again.code}; jobs made ${made().length}`,
      );
    }
  } finally {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name, fallback) => {
    const at = process.argv.indexOf(`--${name}`);
    return at > 0 ? Number(process.argv[at + 1]) : fallback;
  };
  const figures = await runCampaign({
    runs: arg('runs', 60),
    seed: arg('seed', 1),
    log: (line) => console.log(line),
  });
  const { problems, ...rest } = figures;
  console.log('\nkill -9 campaign');
  for (const [key, value] of Object.entries(rest))
    console.log(`  ${key.padEnd(30)} ${JSON.stringify(value)}`);
  for (const problem of problems) console.log(`  problem: ${problem}`);
  const ok =
    figures.lostOutsideSubmitWindow === 0 &&
    figures.duplicateSubmitsWithoutWarning === 0 &&
    figures.partialFilesUnderFinalNames === 0 &&
    figures.listFailures === 0 &&
    figures.watchFailures === 0;
  process.exitCode = ok ? 0 : 1;
}
