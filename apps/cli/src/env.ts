// Where the CLI keeps its state (the ledger folder), from the environment: core's rule (the VS Code
// extension reads the same folder to show the jobs the CLI started in its workspace).
export { type HomeEnv, homeFromEnv, LEDGER_FILE, ledgerPath, resolveHome } from '@ltx-jobs/core';
