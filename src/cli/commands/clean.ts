/**
 * `doppel clean [--run <id>|--last|--all] [--target <url>] [--dry-run] [--delete-topics]`: deletes what earlier generation
 * runs wrote, as their run manifests record it (database rows children first, or the files written), and
 * marks each manifest as cleaned. A thin shell over src/clean.
 */
import type { Command } from 'commander';
import { type CleanResult, cleanRuns } from '../../clean/clean-runs.js';
import { resolveRunsDir } from '../../generate/manifest.js';
import { displayAddress, parseAddress } from '../../shared/address.js';
import { DoppelError } from '../../shared/errors.js';
import { resolveStateDir } from '../../shared/state-dir.js';
import { openTarget } from '../../sources/index.js';
import type { CliContext } from '../context.js';

interface CleanFlags {
  run?: string;
  last?: boolean;
  all?: boolean;
  target?: string;
  dryRun?: boolean;
  deleteTopics?: boolean;
}

/** Registers `doppel clean`. */
export function registerClean(program: Command, context: CliContext): void {
  program
    .command('clean')
    .description('delete the records or files earlier generation runs wrote (from their run manifests)')
    .option('--run <id>', 'clean this run')
    .option('--last', 'clean the most recent run not yet cleaned (the default)')
    .option('--all', 'clean every run not yet cleaned, newest first')
    .option('-t, --target <url|dir>', 'only runs into this target; also the address to connect with')
    .option('--dry-run', 'list what would be deleted without deleting')
    .option(
      '--delete-topics',
      'Kafka runs: delete the topics the run created (records cannot be deleted by key)',
    )
    .action(async (flags: CleanFlags) => {
      const result = await runClean(flags, context);
      context.output(result, () => describeResult(result));
    });
}

async function runClean(flags: CleanFlags, context: CliContext): Promise<CleanResult> {
  const runsDir = resolveRunsDir(resolveStateDir());
  const target = flags.target === undefined ? undefined : parseAddress(flags.target);
  const result = await cleanRuns(
    {
      ...(flags.run === undefined ? {} : { run: flags.run }),
      ...(flags.last ? { last: true } : {}),
      ...(flags.all ? { all: true } : {}),
    },
    {
      runsDir,
      ...(target === undefined ? {} : { target }),
      ...(flags.dryRun ? { dryRun: true } : {}),
      ...(flags.deleteTopics ? { deleteTopics: true } : {}),
      openTarget,
      log: context.log,
      signal: context.signal,
    },
  );
  if (result.runs.length === 0)
    throw new DoppelError(
      'usage',
      `No run left to clean${target === undefined ? '' : ` for ${displayAddress(target)}`} in ${runsDir}.`,
    );
  return result;
}

function describeResult(result: CleanResult): string {
  const lines: string[] = [];
  for (const run of result.runs) {
    const total = run.datasets.reduce((sum, dataset) => sum + dataset.deleted, 0);
    lines.push(
      `${result.dryRun ? 'would clean' : 'cleaned'} run ${run.run} (${run.target}): ${total.toLocaleString('en-US')} ${run.datasets.some((dataset) => dataset.file) ? 'file(s)' : 'row(s)'}`,
    );
    for (const dataset of run.datasets)
      lines.push(
        `  ${dataset.name}: ${dataset.file ?? (dataset.topic === undefined ? `${dataset.deleted.toLocaleString('en-US')} rows` : `topic ${dataset.topic} deleted (${dataset.deleted.toLocaleString('en-US')} records)`)}`,
      );
  }
  return lines.join('\n');
}
