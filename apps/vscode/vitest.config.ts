import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Unit tests of code that imports `vscode` get the small fake (the real module exists only in VS Code).
  resolve: { alias: { vscode: fileURLToPath(new URL('./test/unit/fake-vscode.ts', import.meta.url)) } },
  test: { include: ['test/unit/**/*.test.ts'], testTimeout: 20_000 },
});
