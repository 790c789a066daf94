/**
 * `doppel validate <profile-dir> --source <url>`: re-profiles a source (generated or consumed data) with the
 * stored profile's settings, compares, and counts the hard checks (keys, references, not-null, checks,
 * rules); prints a report or `--json`, and with `--report <file>` writes the same as an HTML page (expected and
 * actual distributions overlaid); exit 1 when anything fails. A thin shell over src/validate and src/report.
 */
import type { Command } from 'commander';
import { renderComparisonReport, writeReport } from '../../report/index.js';
import { displayAddress, parseAddress } from '../../shared/address.js';
import { DoppelError } from '../../shared/errors.js';
import { openSource } from '../../sources/index.js';
import { loadProfile } from '../../tasks/index.js';
import { formatValidation } from '../../validate/format-validation.js';
import { parseBounds, validateSourceWithProfile } from '../../validate/run-validation.js';
import type { CliContext } from '../context.js';
import { reportProgress } from './profile.js';
import { describeWrittenReport } from './report.js';

interface ValidateFlags {
  source: string;
  bounds?: string;
  exclude: string[];
  report?: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** Registers `doppel validate`. */
export function registerValidate(program: Command, context: CliContext): void {
  program
    .command('validate')
    .description('check a source against a stored profile: drift, distributions, keys, references and rules')
    .argument('<profile-dir>', 'the profile folder (holds plan.yaml)')
    .requiredOption('-s, --source <url>', 'the source to validate (postgres://..., pglite:<dir>)')
    .option('--bounds <metric=x,...>', 'bounds per metric, e.g. ks=0.05,tv=0.05 (others keep their defaults)')
    .option(
      '--exclude <dataset.field>',
      'leave fields out of the distribution metrics (repeatable, globs)',
      collect,
      [],
    )
    .option(
      '--report <file>',
      'also write the result as a self-contained HTML page (written when checks fail too)',
    )
    .action(async (dir: string, flags: ValidateFlags) => {
      const bounds = flags.bounds === undefined ? {} : parseBounds(flags.bounds);
      const address = parseAddress(flags.source);
      const stored = await loadProfile(dir, { signal: context.signal });
      const session = await openSource(address, { log: context.log, name: 'validated' });
      const { report, expected, actual } = await (async () => {
        try {
          return await validateSourceWithProfile(stored, session, displayAddress(address), {
            bounds,
            exclude: flags.exclude,
            signal: context.signal,
            onProgress: (event) => reportProgress('validated', event, context),
          });
        } finally {
          await session.close();
        }
      })();
      if (flags.report !== undefined) {
        const page = renderComparisonReport({
          expected,
          actual,
          comparison: report.comparison,
          names: { expected: dir, actual: report.source },
          checks: report.checks,
        });
        const written = await writeReport(flags.report, page);
        context.log.info(describeWrittenReport(written.out, written.bytes));
      }
      context.output(report, () => formatValidation(report));
      if (!report.ok) {
        const broken = report.checks.filter((check) => !check.ok);
        throw new DoppelError(
          'checkFailed',
          `${report.source} does not match ${dir}: ${broken.length} hard checks broken, ${report.comparison.drift.length} drift items, ${report.comparison.metrics.filter((metric) => !metric.ok).length} metrics out of bounds.`,
          {
            details: broken.map(
              (check) => `${check.dataset}: ${check.kind} ${check.subject}: ${check.violations ?? '?'} rows`,
            ),
          },
        );
      }
    });
}
