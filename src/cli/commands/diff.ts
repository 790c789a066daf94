/**
 * `doppel diff <profile-a> <profile-b>`: schema drift and distribution changes between two stored profiles
 * (a is the expected side), as a table or `--json`; exit 1 when there is drift or a bound is exceeded.
 */
import type { Command } from 'commander';
import { DoppelError } from '../../shared/errors.js';
import { loadProfile } from '../../tasks/index.js';
import { formatComparison } from '../../validate/format-comparison.js';
import { diffProfiles, parseBounds } from '../../validate/run-validation.js';
import type { CliContext } from '../context.js';

/** Registers `doppel diff`. */
export function registerDiff(program: Command, context: CliContext): void {
  program
    .command('diff')
    .description('compare two stored profiles: schema drift and distribution changes (a is expected)')
    .argument('<profile-a>', 'the expected profile folder')
    .argument('<profile-b>', 'the profile folder compared against it')
    .option('--bounds <metric=x,...>', 'bounds per metric, e.g. ks=0.05,tv=0.05 (others keep their defaults)')
    .action(async (first: string, second: string, flags: { bounds?: string }) => {
      const bounds = flags.bounds === undefined ? {} : parseBounds(flags.bounds);
      const options = { signal: context.signal };
      const [expected, actual] = [await loadProfile(first, options), await loadProfile(second, options)];
      const report = diffProfiles(expected, actual, { expected: first, actual: second }, bounds);
      context.output(report, () => formatComparison(report.comparison));
      if (!report.ok)
        throw new DoppelError(
          'checkFailed',
          `${second} differs from ${first}: ${report.comparison.drift.length} drift items, ${report.comparison.metrics.filter((metric) => !metric.ok).length} metrics out of bounds.`,
        );
    });
}
