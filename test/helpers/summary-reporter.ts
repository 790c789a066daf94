/**
 * A vitest reporter that ends the run with one plain line, `N passed, N failed`, after the default
 * reporter's output, so scripts and CI logs can read the result. A test file that fails to load, and an
 * unhandled error, each count as one failure.
 */
import type { Reporter, SerializedError, TestModule } from 'vitest/node';

export interface RunCounts {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
}

/** Counts test outcomes over the finished modules. */
export function countResults(
  modules: ReadonlyArray<TestModule>,
  unhandledErrors: ReadonlyArray<SerializedError>,
): RunCounts {
  let passed = 0;
  let failed = unhandledErrors.length;
  let skipped = 0;
  for (const module of modules) {
    let moduleFailures = 0;
    for (const test of module.children.allTests()) {
      const state = test.result().state;
      if (state === 'passed') passed++;
      else if (state === 'failed') moduleFailures++;
      else skipped++;
    }
    if (moduleFailures === 0 && module.state() === 'failed') moduleFailures = 1;
    failed += moduleFailures;
  }
  return { passed, failed, skipped };
}

/** Formats the closing line: `N passed, N failed`, with `, N skipped` when tests were skipped. */
export function formatSummary(counts: RunCounts): string {
  const skipped = counts.skipped > 0 ? `, ${counts.skipped} skipped` : '';
  return `${counts.passed} passed, ${counts.failed} failed${skipped}\n`;
}

export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    process.stdout.write(`\n${formatSummary(countResults(modules, unhandledErrors))}`);
  }
}
