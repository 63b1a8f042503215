// Child process of bench/startup.mjs: times require(bundle) and activate() of the VS Code extension
// against fake-vscode.cjs, then the time until its job list is in (the test API's `ready`: it loads
// after activate() returns), prints {requireMs, activateMs, listedMs, jobs} as JSON and exits at once
// (the watches the extension starts are not waited for). argv: <bundle> <global storage folder>.
const Module = require('node:module');
const fake = require('./fake-vscode.cjs');

const [bundle, storage] = process.argv.slice(2);
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? require.resolve('./fake-vscode.cjs') : resolve.call(this, request, ...rest);
};
const c0 = process.cpuUsage();
const t0 = performance.now();
const extension = require(bundle);
const t1 = performance.now();
const c1 = process.cpuUsage(c0);
Promise.resolve(extension.activate(fake.createContext(storage))).then(
  async (api) => {
    const t2 = performance.now();
    const cpuRequireMs = (c1.user + c1.system) / 1000;
    // The job list loads after activate() returns: how long until it is in (the views show it).
    await api?.ready;
    const listedMs = performance.now() - t0;
    const jobs = api?.listJobs?.().length;
    process.stdout.write(
      `${JSON.stringify({ requireMs: t1 - t0, activateMs: t2 - t1, cpuRequireMs, listedMs, jobs })}\n`,
    );
    process.exit(0);
  },
  (error) => {
    process.stderr.write(`activate failed: ${error?.stack}\n`);
    process.exit(1);
  },
);
