/**
 * `doppel report <profile-dir> --out report.html [--against <profile-dir>]`: a profile as one self-contained
 * HTML page, or two profiles compared (the first as expected). Writes the file and says where; exit 0 once
 * written (`doppel diff` gives the verdict as an exit code). A thin shell over src/report.
 */
import type { Command } from 'commander';
import { renderComparisonReport, renderProfileReport, writeReport } from '../../report/index.js';
import { loadProfile } from '../../tasks/index.js';
import { compareProfiles } from '../../validate/compare.js';
import { parseBounds } from '../../validate/run-validation.js';
import type { CliContext } from '../context.js';

interface ReportFlags {
  out: string;
  against?: string;
  bounds?: string;
  exclude: string[];
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** Registers `doppel report`. */
export function registerReport(program: Command, context: CliContext): void {
  program
    .command('report')
    .description('write a profile as one self-contained HTML page, or compare it --against another')
    .argument('<profile-dir>', 'the profile folder (holds plan.yaml); the expected side of a comparison')
    .option('-o, --out <file>', 'the HTML file to write', 'report.html')
    .option(
      '--against <profile-dir>',
      'compare with this profile (for example a re-profile of generated data)',
    )
    .option('--bounds <metric=x,...>', 'with --against: bounds per metric, e.g. ks=0.05,tv=0.05')
    .option(
      '--exclude <dataset.field>',
      'with --against: leave fields out of the metrics (repeatable, globs)',
      collect,
      [],
    )
    .action(async (dir: string, flags: ReportFlags) => {
      const bounds = flags.bounds === undefined ? {} : parseBounds(flags.bounds);
      const options = { signal: context.signal };
      const expected = await loadProfile(dir, options);
      let text: string;
      let ok: boolean | undefined;
      if (flags.against === undefined) text = renderProfileReport(expected);
      else {
        const actual = await loadProfile(flags.against, options);
        const comparison = compareProfiles(expected, actual, { bounds, exclude: flags.exclude });
        ok = comparison.ok;
        text = renderComparisonReport({
          expected,
          actual,
          comparison,
          names: { expected: dir, actual: flags.against },
        });
      }
      const written = await writeReport(flags.out, text);
      context.output(
        {
          ...written,
          profile: expected.plan.profile,
          ...(flags.against === undefined ? {} : { against: flags.against, ok }),
        },
        () => describeWrittenReport(written.out, written.bytes),
      );
    });
}

/** `Report written to report.html (188 KB): open it in a browser.` */
export function describeWrittenReport(out: string, bytes: number): string {
  return `Report written to ${out} (${Math.max(1, Math.round(bytes / 1024))} KB): open it in a browser.`;
}
