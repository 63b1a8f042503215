/**
 * A dependency-free test runner for the extension host: named async tests run one after another,
 * each result is printed and collected. Same role as mocha under @vscode/test-electron, without mocha.
 */

/** One test: a name and a body that throws (e.g. a node:assert error) on failure. */
export interface TestCase {
  name: string;
  fn: () => Promise<void>;
}

/** The outcome of one test. `ms` is wall-clock milliseconds, for the report only. */
export interface TestResult {
  name: string;
  ok: boolean;
  ms: number;
  /** The error's message and stack when it failed. */
  error?: string;
}

/** Formats an unknown thrown value with its stack when there is one. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

/** Runs `tests` in order; a failing test does not stop the next ones. Prints one line per test. */
export async function runTests(
  tests: readonly TestCase[],
  log: (line: string) => void = (line) => console.log(line),
): Promise<TestResult[]> {
  const results: TestResult[] = [];
  for (const test of tests) {
    const start = Date.now();
    try {
      await test.fn();
      results.push({ name: test.name, ok: true, ms: Date.now() - start });
      log(`  ok   ${test.name} (${Date.now() - start} ms)`);
    } catch (error) {
      const message = describeError(error);
      results.push({ name: test.name, ok: false, ms: Date.now() - start, error: message });
      log(`  FAIL ${test.name} (${Date.now() - start} ms)\n${message}`);
    }
  }
  return results;
}
