/**
 * `doppel generate <profile-dir> --target <url|dir|->`: generates data from a stored profile into files,
 * stdout or a database, with progress per dataset, a summary and a run manifest. A thin shell over
 * src/generate (engine, sinks, manifest); database targets go through `openTarget` (imported lazily).
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { createGeneration, type Generation, type GenerationOptions } from '../../generate/engine.js';
import {
  createDatabaseGeneration,
  type DatabaseGeneration,
  loadGeneration,
  type RowPatches,
} from '../../generate/load-database.js';
import {
  computeOffsets,
  createRunId,
  describeKey,
  type ManifestDataset,
  readManifests,
  resolveRunsDir,
  writeManifest,
} from '../../generate/manifest.js';
import type { GenerationPlan } from '../../generate/plan.js';
import { findCollisions, readExistingRows } from '../../generate/respect-existing.js';
import { parseNumberOption, parseRowCounts, parseShard } from '../../generate/run-options.js';
import { loadScenario } from '../../generate/scenario.js';
import { FILE_FORMATS, type FileFormat } from '../../generate/sinks/sink.js';
import { writeGeneration } from '../../generate/write-files.js';
import { type Address, displayAddress, parseAddress } from '../../shared/address.js';
import { DoppelError } from '../../shared/errors.js';
import { resolveStateDir } from '../../shared/state-dir.js';
import type { TargetSession } from '../../sources/contract.js';
import { loadProfile } from '../../tasks/index.js';
import type { Profile } from '../../tasks/types.js';
import type { CliContext } from '../context.js';

interface GenerateFlags {
  target: string;
  format?: string;
  seed: string;
  scale?: string;
  rows: string[];
  only: string[];
  skip: string[];
  shard?: string;
  scenario?: string;
  edgeCases?: string;
  respectExisting?: boolean;
  createSchema?: boolean;
  mode: string;
  dryRun?: boolean;
}

/** Result of `doppel generate --json`. */
export interface GenerateResult {
  readonly run?: string;
  readonly manifest?: string;
  readonly target: string;
  readonly dryRun: boolean;
  readonly plan: GenerationPlan;
  readonly datasets: readonly {
    readonly name: string;
    readonly rows: number;
    readonly seconds: number;
    readonly file?: string;
  }[];
  /** Rows written in all (absent on a dry run). */
  readonly rows?: number;
  /** Wall time of the run, seconds. */
  readonly seconds?: number;
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** Registers `doppel generate`. */
export function registerGenerate(program: Command, context: CliContext): void {
  program
    .command('generate')
    .description('generate production-like data from a profile into files, stdout or a database')
    .argument('<profile-dir>', 'the profile folder (holds plan.yaml)')
    .requiredOption(
      '-t, --target <url|dir|->',
      'a database URL, a directory (one file per dataset), or - for stdout',
    )
    .option('-f, --format <format>', `file format: ${FILE_FORMATS.join(', ')} (default csv; jsonl on stdout)`)
    .option('--seed <n>', 'seed: the same seed and profile give the same data', '1')
    .option('--scale <x>', 'multiply every profiled row count')
    .option('--rows <name=N>', 'rows for one dataset (repeatable)', collect, [])
    .option('--only <name>', 'generate only these datasets (repeatable, globs allowed)', collect, [])
    .option('--skip <name>', 'do not generate these datasets (repeatable, globs allowed)', collect, [])
    .option('--shard <i/N|auto>', 'write only slice i of N (auto: JOB_COMPLETION_INDEX / DOPPEL_SHARD_COUNT)')
    .option('--scenario <file>', 'scenario overrides (YAML) layered on the profile')
    .option('--edge-cases <p>', 'share of edge values mixed into every eligible field (0..1)')
    .option(
      '--respect-existing',
      'continue after the rows earlier runs wrote to the same target (keys do not collide)',
    )
    .option('--create-schema', 'create tables, types and constraints first (database targets)')
    .option('--mode <mode>', 'append or truncate (database targets)', 'append')
    .option('--dry-run', 'print the plan (datasets, rows, order, cycles) without writing')
    .action(async (dir: string, flags: GenerateFlags) => {
      const result = await runGenerate(dir, flags, context);
      context.output(result, () => describeResult(result));
    });
}

function resolveFormat(flags: GenerateFlags, address: Address): FileFormat {
  const format = flags.format ?? (address.kind === 'stdout' ? 'jsonl' : 'csv');
  if (!(FILE_FORMATS as readonly string[]).includes(format))
    throw new DoppelError('usage', `--format "${format}" is not one of ${FILE_FORMATS.join(', ')}.`);
  return format as FileFormat;
}

async function runGenerate(dir: string, flags: GenerateFlags, context: CliContext): Promise<GenerateResult> {
  const address = parseAddress(flags.target);
  const target = displayAddress(address);
  const database = address.kind !== 'file' && address.kind !== 'stdout';
  const format = resolveFormat(flags, address);
  if (flags.mode !== 'append' && flags.mode !== 'truncate')
    throw new DoppelError('usage', `--mode "${flags.mode}" is not append or truncate.`);
  const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
  const profile = await loadProfile(dir, { signal: context.signal });
  const runsDir = resolveRunsDir(resolveStateDir());
  const base: GenerationOptions = {
    seed: parseNumberOption('seed', flags.seed, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, true),
    ...(flags.scale === undefined ? {} : { scale: parseNumberOption('scale', flags.scale, 0, 1e6) }),
    rows: parseRowCounts(flags.rows),
    only: flags.only,
    skip: flags.skip,
    ...(shard === undefined ? {} : { shard }),
    ...(flags.scenario === undefined ? {} : { scenario: await loadScenario(flags.scenario) }),
    ...(flags.edgeCases === undefined
      ? {}
      : { edgeCases: parseNumberOption('edge-cases', flags.edgeCases, 0, 1) }),
  };
  const manifestOffsets = flags.respectExisting
    ? computeOffsets(await readManifests(runsDir), profile.plan.profile, target)
    : {};
  if (!database || (flags.dryRun && !flags.respectExisting)) {
    const options = withOffsets(base, manifestOffsets);
    const generation = createGeneration(profile, options);
    if (flags.dryRun) return { target, dryRun: true, plan: generation.plan, datasets: [] };
    return recordRun(generation, options, dir, flags, context, () =>
      writeFiles(generation, address, format, shard, context),
    );
  }
  const { openTarget } = await import('../../sources/index.js');
  const session: TargetSession = await openTarget(address, { log: context.log, name: 'target' });
  try {
    const { run, options, patches } = await prepareDatabaseRun(
      profile,
      base,
      manifestOffsets,
      flags,
      session,
    );
    if (flags.dryRun) return { target, dryRun: true, plan: run.full.plan, datasets: [] };
    return await recordRun(
      run.full,
      options,
      dir,
      flags,
      context,
      () =>
        loadGeneration(run, session, {
          mode: flags.mode as 'append' | 'truncate',
          ...(flags.createSchema ? { createSchema: true } : {}),
          patches,
          signal: context.signal,
          onProgress: createProgress(context),
        }),
      patches,
    );
  } finally {
    await session.close();
  }
}

function withOffsets(
  options: GenerationOptions,
  offsets: Readonly<Record<string, number>>,
): GenerationOptions {
  return Object.keys(offsets).length === 0 ? options : { ...options, offsets };
}

/**
 * Plans a database run. Under --respect-existing the offsets are the larger of what earlier runs' manifests
 * and the target itself say (row counts, sequence-key maxima), and colliding unique values are shifted.
 */
async function prepareDatabaseRun(
  profile: Profile,
  base: GenerationOptions,
  manifestOffsets: Readonly<Record<string, number>>,
  flags: GenerateFlags,
  session: TargetSession,
): Promise<{ run: DatabaseGeneration; options: GenerationOptions; patches: RowPatches }> {
  if (!flags.respectExisting || (flags.mode === 'truncate' && !flags.dryRun)) {
    const options = withOffsets(base, flags.mode === 'truncate' ? {} : manifestOffsets);
    return { run: createDatabaseGeneration(profile, options), options, patches: new Map() };
  }
  const existing = await readExistingRows(createGeneration(profile, base), session);
  const offsets: Record<string, number> = { ...manifestOffsets };
  for (const [name, state] of existing) offsets[name] = Math.max(offsets[name] ?? 0, state.offset);
  const options = withOffsets(base, offsets);
  const run = createDatabaseGeneration(profile, options);
  const patches = await findCollisions(run.full, session, existing);
  return { run, options, patches };
}

function createProgress(context: CliContext): (dataset: string, rows: number, total: number) => void {
  const rates = createRateMeter();
  return (dataset, rows, total) =>
    context.progress(
      `${dataset}: ${rows.toLocaleString('en-US')}/${total.toLocaleString('en-US')} rows, ${rates(dataset, rows)} rows/s`,
    );
}

async function writeFiles(
  generation: Generation,
  address: Address,
  format: FileFormat,
  shard: { index: number; count: number } | undefined,
  context: CliContext,
): Promise<GenerateResult['datasets']> {
  const onProgress = createProgress(context);
  const destination =
    address.kind === 'stdout'
      ? { stream: process.stdout }
      : { directory: address.kind === 'file' ? address.path : '.' };
  return writeGeneration(generation, {
    format,
    destination,
    signal: context.signal,
    onProgress: (progress) => onProgress(progress.dataset, progress.rows, progress.total),
    ...(shard && shard.count > 1 ? { fileSuffix: `shard-${shard.index}-of-${shard.count}` } : {}),
  });
}

/** Runs `write` and records the run manifest whatever happens. */
async function recordRun(
  generation: Generation,
  options: GenerationOptions,
  dir: string,
  flags: GenerateFlags,
  context: CliContext,
  write: () => Promise<GenerateResult['datasets']>,
  patches: RowPatches = new Map(),
): Promise<GenerateResult> {
  const address = parseAddress(flags.target);
  const target = displayAddress(address);
  const database = address.kind !== 'file' && address.kind !== 'stdout';
  const runsDir = resolveRunsDir(resolveStateDir());
  const id = createRunId();
  const startedAt = new Date().toISOString();
  const started = performance.now();
  let written: GenerateResult['datasets'] = [];
  let status: 'complete' | 'failed' | 'cancelled' = 'failed';
  try {
    written = await write();
    status = 'complete';
  } catch (error) {
    status = context.signal.aborted ? 'cancelled' : 'failed';
    throw error;
  } finally {
    const datasets: ManifestDataset[] = generation.plan.datasets
      .filter((planned) => planned.generate)
      .map((planned) => {
        const done = written.find((entry) => entry.name === planned.name);
        const key = done ? describeKey(generation, planned.name, planned.start, planned.end) : undefined;
        const patched = patches.get(planned.name);
        return {
          name: planned.name,
          source: planned.source,
          rows: done?.rows ?? 0,
          start: planned.start,
          end: done ? planned.end : planned.start,
          ...(done?.file === undefined ? {} : { file: resolve(done.file) }),
          ...(key === undefined ? {} : { key }),
          ...(done && patched && patched.size > 0
            ? { patches: Object.fromEntries([...patched].map(([index, values]) => [String(index), values])) }
            : {}),
        };
      });
    await writeManifest({
      version: 1,
      id,
      profile: generation.profile.plan.profile,
      profileDir: resolve(dir),
      seed: options.seed,
      options: { ...flags, target: undefined, scenario: flags.scenario && resolve(flags.scenario) },
      target,
      ...(database ? {} : { format: resolveFormat(flags, address) }),
      startedAt,
      finishedAt: new Date().toISOString(),
      status,
      ...(options.offsets === undefined ? {} : { offsets: options.offsets }),
      cycles: generation.plan.cycles,
      datasets,
    }).catch((error: unknown) =>
      context.log.warn(
        `The run manifest could not be written: ${error instanceof Error ? error.message : String(error)}`,
      ),
    );
  }
  return {
    run: id,
    manifest: `${runsDir}/${id}.json`,
    target,
    dryRun: false,
    plan: generation.plan,
    datasets: written,
    rows: written.reduce((sum, entry) => sum + entry.rows, 0),
    seconds: (performance.now() - started) / 1000,
  };
}

/** Rows per second per dataset, from the first progress report on. */
function createRateMeter(): (dataset: string, rows: number) => string {
  const started = new Map<string, number>();
  return (dataset, rows) => {
    const now = performance.now();
    if (!started.has(dataset)) started.set(dataset, now);
    const seconds = (now - started.get(dataset)!) / 1000;
    return seconds > 0 ? Math.round(rows / seconds).toLocaleString('en-US') : '-';
  };
}

function describeResult(result: GenerateResult): string {
  const lines: string[] = [];
  if (result.dryRun) {
    lines.push(`plan for ${result.target} (nothing written):`);
    for (const [position, dataset] of result.plan.datasets.entries()) {
      const rows = dataset.end - dataset.start;
      lines.push(
        `  ${position + 1}. ${dataset.name}: ${dataset.generate ? `${rows.toLocaleString('en-US')} rows` : `skipped (${dataset.reason})`}`,
      );
    }
    for (const cycle of result.plan.cycles)
      lines.push(`  cycle ${cycle.datasets.join(' <-> ')}: ${cycle.strategy} on ${cycle.relation}`);
    return lines.join('\n');
  }
  let total = 0;
  for (const dataset of result.datasets) {
    total += dataset.rows;
    const rate =
      dataset.seconds > 0 ? Math.round(dataset.rows / dataset.seconds).toLocaleString('en-US') : '-';
    lines.push(
      `${dataset.name}: ${dataset.rows.toLocaleString('en-US')} rows in ${dataset.seconds.toFixed(1)} s (${rate} rows/s)${dataset.file ? ` -> ${dataset.file}` : ''}`,
    );
  }
  lines.push(
    `generated ${total.toLocaleString('en-US')} rows in ${result.datasets.length} dataset(s) into ${result.target} in ${(result.seconds ?? 0).toFixed(1)} s (run ${result.run})`,
  );
  return lines.join('\n');
}
