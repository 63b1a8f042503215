// Test-only extension, loaded as a second extensionDevelopmentPath by e2e/lm-tools.e2e.test.mjs.
// With an extensionTestsPath, VS Code refuses to show confirmation dialogs and answers them "yes"
// ("DialogService: refused to show confirmation dialog in tests"), so prepareInvocation's confirmation
// could never be seen or declined. This driver runs the same suite bundle from a normal window instead.
const { readFileSync } = require('node:fs');

exports.activate = () => {
  const configPath = process.env.E2E_EXTHOST_CONFIG;
  if (!configPath) return;
  const config = JSON.parse(readFileSync(configPath, 'utf8'));
  if (config.phase !== 'lm-tools' || !config.driverSuite) return;
  setTimeout(() => {
    require(config.driverSuite)
      .run()
      .catch((error) => console.error(`[lm-driver] ${error instanceof Error ? error.message : error}`));
  }, 0);
};

exports.deactivate = () => {};
