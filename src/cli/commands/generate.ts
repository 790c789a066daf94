/**
 * `doppel generate <profile-dir> --target <url|dir|->`: generates data from a stored profile into files,
 * stdout or a database, with progress per dataset, a summary and a run manifest. A thin shell over
 * src/generate (engine, sinks, manifest); database targets go through `openTarget` (imported lazily).
 */
import type { Command } from 'commander';
import type { Row } from '../../catalog/values.js';
import { createGeneration, type Generation, type GenerationOptions } from '../../generate/engine.js';
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
import { parseNumberOption, parseRowCounts, parseShard } from '../../generate/run-options.js';
import { loadScenario } from '../../generate/scenario.js';
import { FILE_FORMATS, type FileFormat } from '../../generate/sinks/sink.js';
import { writeGeneration } from '../../generate/write-files.js';
import { type Address, displayAddress, parseAddress } from '../../shared/address.js';
import { DoppelError } from '../../shared/errors.js';
import { resolveStateDir } from '../../shared/state-dir.js';
import type { TargetSession } from '../../sources/contract.js';
import { loadProfile } from '../../tasks/index.js';
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
  const offsets = flags.respectExisting
    ? computeOffsets(await readManifests(runsDir), profile.plan.profile, target)
    : undefined;
  const options: GenerationOptions = {
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
    ...(offsets === undefined ? {} : { offsets }),
  };
  const generation = createGeneration(profile, options);
  if (flags.dryRun) return { target, dryRun: true, plan: generation.plan, datasets: [] };

  const id = createRunId();
  const startedAt = new Date().toISOString();
  let written: GenerateResult['datasets'] = [];
  let status: 'complete' | 'failed' | 'cancelled' = 'failed';
  const rates = createRateMeter();
  const onProgress = (dataset: string, rows: number, total: number) =>
    context.progress(
      `${dataset}: ${rows.toLocaleString('en-US')}/${total.toLocaleString('en-US')} rows, ${rates(dataset, rows)} rows/s`,
    );
  try {
    if (database) {
      written = await loadIntoDatabase(generation, address, flags, context, onProgress);
    } else {
      const destination =
        address.kind === 'stdout'
          ? { stream: process.stdout }
          : { directory: address.kind === 'file' ? address.path : '.' };
      written = await writeGeneration(generation, {
        format,
        destination,
        signal: context.signal,
        onProgress: (progress) => onProgress(progress.dataset, progress.rows, progress.total),
        ...(shard && shard.count > 1 ? { fileSuffix: `shard-${shard.index}-of-${shard.count}` } : {}),
      });
    }
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
        return {
          name: planned.name,
          source: planned.source,
          rows: done?.rows ?? 0,
          start: planned.start,
          end: done ? planned.end : planned.start,
          ...(done?.file === undefined ? {} : { file: done.file }),
          ...(key === undefined ? {} : { key }),
        };
      });
    await writeManifest({
      version: 1,
      id,
      profile: profile.plan.profile,
      profileDir: dir,
      seed: options.seed,
      options: { ...flags, target: undefined, scenario: flags.scenario },
      target,
      ...(database ? {} : { format }),
      startedAt,
      finishedAt: new Date().toISOString(),
      status,
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

interface CycleLoader {
  loadCycle?(
    datasets: readonly Generation['profile']['datasets'][number][],
    rows: ReadonlyMap<string, AsyncIterable<Row>>,
    options: { mode: 'append' | 'truncate'; signal?: AbortSignal },
  ): Promise<Map<string, number>>;
  createSchema?(profile: Generation['profile'], signal?: AbortSignal): Promise<void>;
}

async function* flatten(batches: AsyncIterable<readonly Row[]>): AsyncIterable<Row> {
  for await (const batch of batches) yield* batch;
}

async function loadIntoDatabase(
  generation: Generation,
  address: Address,
  flags: GenerateFlags,
  context: CliContext,
  onProgress: (dataset: string, rows: number, total: number) => void,
): Promise<GenerateResult['datasets']> {
  const { openTarget } = await import('../../sources/index.js');
  const session: TargetSession & CycleLoader = await openTarget(address, {
    log: context.log,
    name: 'target',
  });
  const mode = flags.mode as 'append' | 'truncate';
  const written: { name: string; rows: number; seconds: number }[] = [];
  try {
    if (flags.createSchema) {
      if (!session.createSchema)
        throw new DoppelError('usage', `--create-schema is not supported for ${displayAddress(address)}.`);
      await session.createSchema(generation.profile, context.signal);
    }
    const tasks = new Map(generation.profile.datasets.map((task) => [task.dataset.name, task]));
    const inCycle = new Map<string, readonly string[]>();
    for (const cycle of generation.plan.cycles)
      if (cycle.datasets.length > 1) for (const name of cycle.datasets) inCycle.set(name, cycle.datasets);
    const done = new Set<string>();
    for (const planned of generation.plan.datasets) {
      if (!planned.generate || done.has(planned.name)) continue;
      const started = performance.now();
      const total = planned.end - planned.start;
      const members = (inCycle.get(planned.name) ?? [planned.name]).filter((name) =>
        generation.plan.datasets.some((entry) => entry.name === name && entry.generate),
      );
      if (members.length > 1 && session.loadCycle) {
        const streams = new Map(
          members.map((name) => [name, flatten(generation.batches(name, context.signal))]),
        );
        const counts = await session.loadCycle(
          members.map((name) => tasks.get(name)!),
          streams,
          { mode, signal: context.signal },
        );
        for (const name of members) {
          done.add(name);
          written.push({ name, rows: counts.get(name) ?? 0, seconds: (performance.now() - started) / 1000 });
        }
        continue;
      }
      const rows = await session.load(
        tasks.get(planned.name)!,
        flatten(generation.batches(planned.name, context.signal)),
        {
          mode,
          signal: context.signal,
          onProgress: (count) => onProgress(planned.name, count, total),
        },
      );
      done.add(planned.name);
      written.push({ name: planned.name, rows, seconds: (performance.now() - started) / 1000 });
    }
  } finally {
    await session.close();
  }
  return written;
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
  lines.push(`generated ${total.toLocaleString('en-US')} rows into ${result.target} (run ${result.run})`);
  return lines.join('\n');
}
