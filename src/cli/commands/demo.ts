/**
 * `doppel demo`: no server needed. Starts an embedded PostgreSQL (PGlite), loads the demo shop, profiles it
 * into a folder (default `profiles/demo`) and says where the result is. `npm start` runs it.
 */
import type { Command } from 'commander';
import { runDemo } from '../../demo/run-demo.js';
import { summarizeProfile } from '../../profile/summary.js';
import type { CliContext } from '../context.js';
import { describeSummary, reportProgress } from './profile.js';

/** Registers `doppel demo`. */
export function registerDemo(program: Command, context: CliContext): void {
  program
    .command('demo')
    .description('profile a demo shop in an embedded PostgreSQL (no server needed) into a folder')
    .option('-o, --out <dir>', 'profile folder to write', 'profiles/demo')
    .action(async (flags: { out: string }) => {
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
      const seconds = Math.round((performance.now() - started) / 100) / 10;
      const summary = summarizeProfile(profile);
      context.output({ out: flags.out, profile: 'demo', seconds, summary }, () =>
        [
          describeSummary(flags.out, seconds, summary),
          `Next: open ${flags.out}/plan.yaml, or generate data from it.`,
        ].join('\n'),
      );
    });
}
