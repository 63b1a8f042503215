#!/usr/bin/env node
// A stand-in for the desktop VS Code binary, for testing run-electron.mjs where VS Code cannot be
// downloaded. It records how it was launched (argv, the suite config, whether the simulator answered)
// as one JSON line in $FAKE_VSCODE_LOG, then writes a suite result as the real run() would:
// FAKE_VSCODE_MODE=pass -> 1 passed; fail -> 1 failed and exit 1.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const config = JSON.parse(readFileSync(process.env.E2E_EXTHOST_CONFIG, 'utf8'));
const workspace = args.find((a) => !a.startsWith('--'));
const settings = JSON.parse(readFileSync(join(workspace, '.vscode', 'settings.json'), 'utf8'));
let simulatorStatus = 0;
try {
  simulatorStatus = (await fetch(config.simulator.logUrl)).status;
} catch {
  simulatorStatus = -1;
}
appendFileSync(
  process.env.FAKE_VSCODE_LOG,
  `${JSON.stringify({ args, config, settings, simulatorStatus, resultPath: process.env.E2E_EXTHOST_RESULT })}\n`,
);
const ok = process.env.FAKE_VSCODE_MODE !== 'fail';
const result = {
  phase: config.phase,
  passed: ok ? 1 : 0,
  failed: ok ? 0 : 1,
  tests: [{ name: `fake ${config.phase}`, ok, ms: 0 }],
  carry: config.phase === 'main' ? { ref: 'ltx:text-to-video/fake' } : {},
  host: { uiKind: 1, remoteName: undefined, appHost: 'fake', node: process.version, vscode: '0.0.0' },
};
writeFileSync(process.env.E2E_EXTHOST_RESULT, JSON.stringify(result));
process.exit(ok ? 0 : 1);
