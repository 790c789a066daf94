/**
 * `doppel clean [--run <id>|--last|--all] [--target <url>] [--dry-run]`: deletes what earlier generation
 * runs wrote, as their run manifests record it (database rows children first, or the files written), and
 * marks each manifest as cleaned. A thin shell over src/clean.
 */
import type { Command } from 'commander';
import { type CleanedDataset, cleanDatabaseRun, cleanFileRun, isRunGoing } from '../../clean/clean-run.js';
import { type RunManifest, readManifests, resolveRunsDir, writeManifest } from '../../generate/manifest.js';
import { displayAddress, parseAddress } from '../../shared/address.js';
import { DoppelError } from '../../shared/errors.js';
import { resolveStateDir } from '../../shared/state-dir.js';
import { openTarget } from '../../sources/index.js';
import { loadProfile } from '../../tasks/index.js';
import type { CliContext } from '../context.js';

interface CleanFlags {
  run?: string;
  last?: boolean;
  all?: boolean;
  target?: string;
  dryRun?: boolean;
}

/** Result of `doppel clean --json`. */
export interface CleanResult {
  readonly dryRun: boolean;
  readonly runs: readonly {
    readonly run: string;
    readonly target: string;
    readonly datasets: readonly CleanedDataset[];
  }[];
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
    .action(async (flags: CleanFlags) => {
      const result = await runClean(flags, context);
      context.output(result, () => describeResult(result));
    });
}

function isFileRun(manifest: RunManifest): boolean {
  return manifest.format !== undefined;
}

/** The manifests to clean, newest first. */
function selectRuns(
  manifests: readonly RunManifest[],
  flags: CleanFlags,
  target: string | undefined,
): RunManifest[] {
  const chosen = [flags.run !== undefined, flags.last === true, flags.all === true].filter(Boolean).length;
  if (chosen > 1) throw new DoppelError('usage', 'Give only one of --run, --last and --all.');
  if (flags.run !== undefined) {
    const manifest = manifests.find((entry) => entry.id === flags.run);
    if (!manifest) throw new DoppelError('usage', `No run manifest has the id "${flags.run}".`);
    if (target !== undefined && manifest.target !== target)
      throw new DoppelError('usage', `Run ${manifest.id} wrote into ${manifest.target}, not into ${target}.`);
    if (manifest.cleanedAt !== undefined)
      throw new DoppelError('usage', `Run ${manifest.id} was already cleaned at ${manifest.cleanedAt}.`);
    if (isRunGoing(manifest))
      throw new DoppelError('refused', `Run ${manifest.id} is still going (process ${manifest.pid}).`);
    return [manifest];
  }
  const open = manifests
    .filter(
      (manifest) =>
        manifest.cleanedAt === undefined &&
        !isRunGoing(manifest) &&
        (target === undefined || manifest.target === target) &&
        manifest.datasets.some((dataset) => dataset.rows > 0),
    )
    .reverse();
  if (open.length === 0)
    throw new DoppelError(
      'usage',
      `No run left to clean${target === undefined ? '' : ` for ${target}`} in ${resolveRunsDir(resolveStateDir())}.`,
    );
  return flags.all ? open : open.slice(0, 1);
}

async function runClean(flags: CleanFlags, context: CliContext): Promise<CleanResult> {
  const runsDir = resolveRunsDir(resolveStateDir());
  const targetAddress = flags.target === undefined ? undefined : parseAddress(flags.target);
  const target = targetAddress === undefined ? undefined : displayAddress(targetAddress);
  const selected = selectRuns(await readManifests(runsDir), flags, target);
  const runs: CleanResult['runs'][number][] = [];
  for (const manifest of selected) {
    if (flags.dryRun) {
      runs.push({
        run: manifest.id,
        target: manifest.target,
        datasets: manifest.datasets
          .filter((dataset) => dataset.rows > 0)
          .map((dataset) => ({
            name: dataset.name,
            deleted: dataset.file === undefined ? dataset.rows : 1,
            ...(dataset.file === undefined ? {} : { file: dataset.file }),
          })),
      });
      continue;
    }
    const datasets = isFileRun(manifest)
      ? await cleanFileRun(manifest)
      : await cleanDatabase(manifest, flags.target, context);
    await writeManifest({ ...manifest, cleanedAt: new Date().toISOString() }, runsDir);
    runs.push({ run: manifest.id, target: manifest.target, datasets });
  }
  return { dryRun: flags.dryRun === true, runs };
}

async function cleanDatabase(
  manifest: RunManifest,
  given: string | undefined,
  context: CliContext,
): Promise<CleanedDataset[]> {
  if (given === undefined && manifest.target.includes('***'))
    throw new DoppelError(
      'usage',
      `Run ${manifest.id} wrote into ${manifest.target}; pass --target with the full address to connect.`,
    );
  if (manifest.profileDir === undefined)
    throw new DoppelError('invalidInput', `Run ${manifest.id} does not record its profile folder.`);
  const profile = await loadProfile(manifest.profileDir, { signal: context.signal });
  const session = await openTarget(parseAddress(given ?? manifest.target), {
    log: context.log,
    name: 'target',
  });
  try {
    return await cleanDatabaseRun(manifest, profile, session, context.signal);
  } finally {
    await session.close();
  }
}

function describeResult(result: CleanResult): string {
  const lines: string[] = [];
  for (const run of result.runs) {
    const total = run.datasets.reduce((sum, dataset) => sum + dataset.deleted, 0);
    lines.push(
      `${result.dryRun ? 'would clean' : 'cleaned'} run ${run.run} (${run.target}): ${total.toLocaleString('en-US')} ${run.datasets.some((dataset) => dataset.file) ? 'file(s)' : 'row(s)'}`,
    );
    for (const dataset of run.datasets)
      lines.push(`  ${dataset.name}: ${dataset.file ?? `${dataset.deleted.toLocaleString('en-US')} rows`}`);
  }
  return lines.join('\n');
}
