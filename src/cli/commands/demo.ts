/**
 * `doppel demo`: no server needed. Starts an embedded PostgreSQL (PGlite), loads the demo shop, profiles it
 * into a folder (default `profiles/demo`), writes its HTML report (default `reports/demo.html`) and says where
 * both are. `npm start` runs it.
 */
import type { Command } from 'commander';
import { runDemo } from '../../demo/run-demo.js';
import { summarizeProfile } from '../../profile/summary.js';
import { renderProfileReport, writeReport } from '../../report/index.js';
import { loadProfile } from '../../tasks/index.js';
import type { CliContext } from '../context.js';
import { describeSummary, reportProgress } from './profile.js';
import { describeWrittenReport } from './report.js';

interface DemoFlags {
  out: string;
  /** The report file, or false under `--no-report`. */
  report: string | false;
}

/** Registers `doppel demo`. */
export function registerDemo(program: Command, context: CliContext): void {
  program
    .command('demo')
    .description(
      'profile a demo shop in an embedded PostgreSQL (no server needed) into a folder, with its HTML report',
    )
    .option('-o, --out <dir>', 'profile folder to write', 'profiles/demo')
    .option('--report <file>', "the profile's HTML report to write", 'reports/demo.html')
    .option('--no-report', 'write no report')
    .action(async (flags: DemoFlags) => {
      const started = performance.now();
      context.progress('demo: starting embedded PostgreSQL and loading the shop...');
      const profile = await runDemo({
        out: flags.out,
        log: context.log,
        signal: context.signal,
        onProgress: (event) => {
          if (event.kind === 'loaded')
            context.progress(`demo: loaded ${event.rows} rows in ${event.seconds.toFixed(1)} s`);
          else reportProgress('shop', event, context);
        },
      });
      // The report renders the files as written (and as the next `doppel report profiles/demo` would).
      const report =
        flags.report === false
          ? undefined
          : await writeReport(
              flags.report,
              renderProfileReport(await loadProfile(flags.out, { signal: context.signal })),
            );
      const seconds = Math.round((performance.now() - started) / 100) / 10;
      const summary = summarizeProfile(profile);
      context.output(
        {
          out: flags.out,
          profile: 'demo',
          seconds,
          summary,
          ...(report === undefined ? {} : { report: report.out }),
        },
        () =>
          [
            describeSummary(flags.out, seconds, summary),
            ...(report === undefined ? [] : [describeWrittenReport(report.out, report.bytes)]),
            `Next: open ${flags.out}/plan.yaml${report === undefined ? '' : ` or ${report.out}`}, or generate data from it.`,
          ].join('\n'),
      );
    });
}
