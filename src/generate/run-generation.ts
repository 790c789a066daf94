/**
 * One generation run, shared by `doppel generate` and the HTTP service's generate jobs: a request (target,
 * format, seed, sizes, shard, scenario, edge cases, respect-existing, schema and mode) is planned over a
 * profile, written into files or a stream or loaded into a database, and recorded in a run manifest whatever
 * happens (complete, failed or cancelled), so `doppel clean` and later `--respect-existing` runs see it.
 */
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { type Address, displayAddress } from '../shared/address.js';
import { DoppelError } from '../shared/errors.js';
import type { Logger } from '../shared/log.js';
import { ensureStateDir, resolveStateDir, STATE_DIR_ENV } from '../shared/state-dir.js';
import type { StreamTargetOptions, TargetOpener, TargetSession } from '../sources/contract.js';
import type { Profile } from '../tasks/types.js';
import { createGeneration, type Generation, type GenerationOptions } from './engine.js';
import type { GenerationRequest } from './generation-request.js';
import {
  createDatabaseGeneration,
  type DatabaseGeneration,
  loadGeneration,
  type RowPatches,
} from './load/load-database.js';
import { findCollisions, readExistingRows } from './load/respect-existing.js';
import {
  computeOffsets,
  createRunId,
  describePlannedDatasets,
  describeRunDatasets,
  describeRunOptions,
  RUNS_SUBDIR,
  readManifests,
  resolveRunsDir,
  writeManifest,
} from './manifest.js';
import { temporaryPathOf } from './output/sinks/atomic-file.js';
import { prepareOutputDirectory } from './output/sinks/output-directory.js';
import type { FileFormat } from './output/sinks/sink.js';
import { datasetFilePath, writeGeneration } from './output/write-files.js';
import type { GenerationPlan, PlanTarget } from './plan/plan.js';
import { prepareStreamRequest, streamTargetOptions } from './stream-request.js';
import {
  listVocabularyShortfalls,
  type VocabularyShortfall,
} from './values/semantic/vocabulary-shortfalls.js';

export type { GenerationRequest } from './generation-request.js';

export interface RunGenerationOptions {
  readonly log: Logger;
  /** Opens database targets (`openTarget` of `src/sources/index.ts`): the generator imports no source. */
  readonly openTarget: TargetOpener;
  readonly signal: AbortSignal;
  /** Rows written so far of a dataset, after each batch. */
  readonly onProgress?: (dataset: string, rows: number, total: number) => void;
  /** Where run manifests live (`<stateDir>/runs`); default `$DOPPEL_STATE_DIR`, else `.doppel/`. */
  readonly stateDir?: string;
  /** The stream a `-` target writes to (the CLI passes process.stdout). */
  readonly stdout?: Writable;
  /** False when the target address came from a request (see `ConnectOptions.environmentDefaults`). */
  readonly environmentDefaults?: boolean;
  /** Kafka targets: the clock pacing uses and where its progress (rate, lag) goes. */
  readonly stream?: Pick<StreamTargetOptions, 'clock' | 'onPace'>;
}

/** What a run wrote (the shape `doppel generate --json` prints and a generate job returns). */
export interface GenerationResult {
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
    /** The Kafka topic the records went to. */
    readonly topic?: string;
  }[];
  /** Rows written in all (absent on a dry run). */
  readonly rows?: number;
  /** Wall time of the run, seconds. */
  readonly seconds?: number;
  /** Unique fields whose vocabulary ran short: the rest of their values are shape-preserving syllables. */
  readonly shortfalls?: readonly VocabularyShortfall[];
}

type WrittenDatasets = GenerationResult['datasets'];

/** The format a request writes in: as asked, else jsonl on stdout and csv elsewhere. */
export function resolveFormat(request: Pick<GenerationRequest, 'format' | 'target'>): FileFormat {
  return request.format ?? (request.target.kind === 'stdout' ? 'jsonl' : 'csv');
}

function isDatabase(address: Address): boolean {
  return address.kind !== 'file' && address.kind !== 'stdout';
}

function toGenerationOptions(request: GenerationRequest): GenerationOptions {
  return {
    seed: request.seed,
    ...(request.scale === undefined ? {} : { scale: request.scale }),
    ...(request.scaleLookups === true ? { scaleLookups: true } : {}),
    rows: request.rows ?? {},
    only: request.only ?? [],
    skip: request.skip ?? [],
    ...(request.shard === undefined ? {} : { shard: request.shard }),
    ...(request.scenario === undefined ? {} : { scenario: request.scenario }),
    ...(request.edgeCases === undefined ? {} : { edgeCases: request.edgeCases }),
  };
}

/** Plans `request` over `profile` without writing anything: every dataset name, scenario key and option is checked. */
export function checkGenerationRequest(profile: Profile, request: GenerationRequest): void {
  createGeneration(profile, toGenerationOptions(request));
}

/**
 * A shard's children may reference parents another shard writes: into a database, every shard has to load a
 * level of the plan before any shard loads the next. A foreign-key refusal under `--shard` says how.
 */
function explainShardedLoad(error: unknown, request: GenerationRequest): unknown {
  const shard = request.shard;
  if (!(error instanceof DoppelError) || !shard || shard.count < 2 || !/foreign key/i.test(error.message))
    return error;
  return new DoppelError(
    error.kind,
    `${error.message} Shard ${shard.index} of ${shard.count} references parent rows other shards write: load the plan level by level on every shard (--only the parents first, then their children; --dry-run shows the order).`,
    { cause: error },
  );
}

function withOffsets(
  options: GenerationOptions,
  offsets: Readonly<Record<string, number>>,
): GenerationOptions {
  return Object.keys(offsets).length === 0 ? options : { ...options, offsets };
}

/**
 * Runs `request` over `profile` (read from `profileDir`): plans it, writes files, a stream or a database,
 * and records the run manifest. A dry run returns the plan alone (for a database under respect-existing,
 * after reading what the target holds).
 */
export async function runGeneration(
  profile: Profile,
  profileDir: string,
  asked: GenerationRequest,
  options: RunGenerationOptions,
): Promise<GenerationResult> {
  const target = displayAddress(asked.target);
  const stateDir = options.stateDir ?? resolveStateDir();
  const request = prepareStreamRequest(profile, asked, toGenerationOptions(asked));
  const base = toGenerationOptions(request);
  const manifestOffsets = request.respectExisting
    ? computeOffsets(await readManifests(resolveRunsDir(stateDir)), profile.plan.profile, target)
    : {};
  const record = (generation: Generation, used: GenerationOptions): RunRecord => ({
    generation,
    options: used,
    profileDir,
    request,
    stateDir,
    run: options,
  });
  if (!isDatabase(request.target) || (request.dryRun && !request.respectExisting)) {
    // A folder that cannot take the files is refused before any work (and a dry run creates nothing).
    if (request.target.kind === 'file' && !request.dryRun)
      await prepareOutputDirectory(request.target.path, options.signal);
    const used = withOffsets(base, manifestOffsets);
    const generation = createGeneration(profile, used);
    if (request.dryRun) return describeDryRun(target, generation);
    return recordRun(record(generation, used), () => writeFiles(generation, request, options));
  }
  const session = await options.openTarget(request.target, {
    log: options.log,
    name: 'target',
    ...(options.environmentDefaults === false ? { environmentDefaults: false } : {}),
    ...(request.target.kind === 'kafka' ? { stream: streamTargetOptions(request, options.stream) } : {}),
  });
  try {
    const planTarget = { name: session.info.kind, capabilities: session.capabilities };
    checkTargetCapabilities(request, planTarget);
    const { run, used, patches } = await prepareDatabaseRun(
      profile,
      { ...base, target: planTarget },
      manifestOffsets,
      request,
      session,
    );
    if (request.dryRun) return describeDryRun(target, run.full);
    return await recordRun(
      record(run.full, used),
      () =>
        loadGeneration(run, session, {
          mode: request.mode ?? 'append',
          ...(request.createSchema ? { createSchema: true } : {}),
          patches,
          signal: options.signal,
          ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        }).catch((error: unknown) => {
          throw explainShardedLoad(error, request);
        }),
      patches,
      topicsOf(session, run.full),
    );
  } finally {
    await session.close();
  }
}

/** Where a stream target put each dataset's records (none for other targets). */
function topicsOf(
  session: TargetSession,
  generation: Generation,
): (name: string) => { readonly topic: string; readonly created: boolean } | undefined {
  const destinationOf = session.destinationOf?.bind(session);
  if (destinationOf === undefined) return () => undefined;
  return (name) => destinationOf(generation.dataset(name).task);
}

/**
 * Refuses, before anything is written, a request the target cannot carry out (`--create-schema`,
 * `--mode truncate`); foreign-key cycles are checked when the plan is made, edge values filtered there.
 */
function checkTargetCapabilities(request: GenerationRequest, target: PlanTarget): void {
  const lacks: string[] = [];
  if (request.createSchema && !target.capabilities.createSchema)
    lacks.push('create a schema (--create-schema)');
  if (request.mode === 'truncate' && !target.capabilities.truncate)
    lacks.push('empty tables (--mode truncate)');
  if (lacks.length > 0)
    throw new DoppelError(
      'refused',
      `${target.name} targets cannot ${lacks.join(' or ')}. Nothing was written.`,
    );
}

/**
 * Plans a database run. Under respect-existing the offsets are the larger of what earlier runs' manifests
 * and the target itself say (row counts, sequence-key maxima), and colliding unique values are shifted.
 */
async function prepareDatabaseRun(
  profile: Profile,
  base: GenerationOptions,
  manifestOffsets: Readonly<Record<string, number>>,
  request: GenerationRequest,
  session: TargetSession,
): Promise<{ run: DatabaseGeneration; used: GenerationOptions; patches: RowPatches }> {
  const truncate = request.mode === 'truncate';
  if (!request.respectExisting || (truncate && !request.dryRun)) {
    const used = withOffsets(base, truncate ? {} : manifestOffsets);
    return { run: createDatabaseGeneration(profile, used), used, patches: new Map() };
  }
  const existing = await readExistingRows(createGeneration(profile, base), session);
  const offsets: Record<string, number> = { ...manifestOffsets };
  for (const [name, state] of existing) offsets[name] = Math.max(offsets[name] ?? 0, state.offset);
  const used = withOffsets(base, offsets);
  const run = createDatabaseGeneration(profile, used);
  const patches = await findCollisions(run.full, session, existing);
  return { run, used, patches };
}

async function writeFiles(
  generation: Generation,
  request: GenerationRequest,
  options: RunGenerationOptions,
): Promise<WrittenDatasets> {
  const address = request.target;
  if (address.kind === 'stdout' && options.stdout === undefined)
    throw new DoppelError('usage', 'This run cannot write to stdout; give a directory or a database.');
  const destination =
    address.kind === 'stdout'
      ? { stream: options.stdout as Writable }
      : { directory: address.kind === 'file' ? address.path : '.' };
  const onProgress = options.onProgress;
  return writeGeneration(generation, {
    format: resolveFormat(request),
    destination,
    signal: options.signal,
    ...(onProgress
      ? { onProgress: (progress) => onProgress(progress.dataset, progress.rows, progress.total) }
      : {}),
    ...(shardSuffix(request) === undefined ? {} : { fileSuffix: shardSuffix(request) }),
  });
}

/** What a shard adds to file names (`shard-2-of-4`), if anything. */
function shardSuffix(request: GenerationRequest): string | undefined {
  const shard = request.shard;
  return shard && shard.count > 1 ? `shard-${shard.index}-of-${shard.count}` : undefined;
}

/** A file run's final and temporary file per dataset; none for a database or a stream. */
function plannedFiles(
  request: GenerationRequest,
): (name: string) => { readonly file: string; readonly partial: string } | undefined {
  const address = request.target;
  if (address.kind !== 'file') return () => undefined;
  return (name) => {
    const file = datasetFilePath(address.path, name, resolveFormat(request), shardSuffix(request));
    return { file, partial: temporaryPathOf(file) };
  };
}

interface RunRecord {
  readonly generation: Generation;
  /** The engine options the run used (offsets included). */
  readonly options: GenerationOptions;
  readonly profileDir: string;
  readonly request: GenerationRequest;
  readonly stateDir: string;
  readonly run: RunGenerationOptions;
}

/**
 * Runs `write` and records the run manifest: first, before any byte is written, as `running` with every
 * planned dataset's whole range and file (so a run killed midway can be cleaned), then as it ended.
 */
async function recordRun(
  record: RunRecord,
  write: () => Promise<WrittenDatasets>,
  patches: RowPatches = new Map(),
  topicOf: Parameters<typeof describeRunDatasets>[3] = () => undefined,
): Promise<GenerationResult> {
  const { generation, request, run } = record;
  const target = displayAddress(request.target);
  const id = createRunId();
  const runsDir = resolveRunsDir(record.stateDir);
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const describe = async (folder: string) => ({
    version: 1 as const,
    id,
    profile: generation.profile.plan.profile,
    profileDir: resolve(record.profileDir),
    seed: record.options.seed,
    options: describeRunOptions(request, await locateScenario(request, folder, id)),
    target,
    ...(isDatabase(request.target) ? {} : { format: resolveFormat(request) }),
    startedAt,
    ...(record.options.offsets === undefined ? {} : { offsets: record.options.offsets }),
    cycles: generation.plan.cycles,
  });
  if (request.target.kind !== 'stdout') {
    const folder = await ensureStateDir({ env: { [STATE_DIR_ENV]: record.stateDir }, subdir: RUNS_SUBDIR });
    await writeManifest(
      {
        ...(await describe(folder)),
        status: 'running',
        pid: process.pid,
        datasets: describePlannedDatasets(generation, plannedFiles(request)),
      },
      folder,
    ).catch((error: unknown) => {
      throw new DoppelError(
        'refused',
        `The run manifest could not be written, so nothing was generated: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    });
  }
  let written: WrittenDatasets = [];
  let status: 'complete' | 'failed' | 'cancelled' = 'failed';
  try {
    written = await write();
    status = 'complete';
  } catch (error) {
    status = run.signal.aborted ? 'cancelled' : 'failed';
    throw error;
  } finally {
    await writeRunFiles(record, async (folder) => ({
      ...(await describe(folder)),
      finishedAt: new Date().toISOString(),
      status,
      datasets: describeRunDatasets(generation, written, patches, topicOf),
    }));
  }
  return {
    run: id,
    manifest: join(runsDir, `${id}.json`),
    target,
    dryRun: false,
    plan: generation.plan,
    datasets: written.map((entry) => {
      const topic = topicOf(entry.name)?.topic;
      return topic === undefined ? entry : { ...entry, topic };
    }),
    rows: written.reduce((sum, entry) => sum + entry.rows, 0),
    seconds: (performance.now() - started) / 1000,
    ...describeShortfalls(generation),
  };
}

function describeDryRun(target: string, generation: Generation): GenerationResult {
  return { target, dryRun: true, plan: generation.plan, datasets: [], ...describeShortfalls(generation) };
}

function describeShortfalls(generation: Generation): Pick<GenerationResult, 'shortfalls'> {
  const shortfalls = listVocabularyShortfalls(generation.profile, generation.plan.datasets);
  return shortfalls.length === 0 ? {} : { shortfalls };
}

/** Writes the manifest (and an inline scenario's copy); a failure is a warning, never the run's error. */
async function writeRunFiles(
  record: RunRecord,
  build: (folder: string) => Promise<Parameters<typeof writeManifest>[0]>,
): Promise<void> {
  try {
    const folder = await ensureStateDir({ env: { [STATE_DIR_ENV]: record.stateDir }, subdir: RUNS_SUBDIR });
    await writeManifest(await build(folder), folder);
  } catch (error) {
    record.run.log.warn(
      `The run manifest could not be written: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** The scenario file a manifest names: the one given, else a copy of the inline scenario saved beside it. */
async function locateScenario(
  request: GenerationRequest,
  folder: string,
  id: string,
): Promise<string | undefined> {
  if (request.scenario === undefined) return undefined;
  if (request.scenarioFile !== undefined) return resolve(request.scenarioFile);
  // JSON is YAML, and a `.yaml` name keeps the copy out of the manifests (`*.json`) of the runs folder.
  const path = join(folder, `${id}.scenario.yaml`);
  const { version, datasets } = request.scenario;
  await writeFile(path, `${JSON.stringify({ version, datasets }, null, 2)}\n`);
  return path;
}
