/**
 * One generation run, shared by `doppel generate` and the HTTP service's generate jobs: a request (target,
 * format, seed, sizes, shard, scenario, edge cases, respect-existing, schema and mode) is planned over a
 * profile, written into files or a stream or loaded into a database, and recorded in a run manifest whatever
 * happens (complete, failed or cancelled; run-record.ts), so `doppel clean` and later `--respect-existing`
 * runs see it.
 */
import type { Writable } from 'node:stream';
import { displayAddress } from '../shared/address.js';
import { DoppelError } from '../shared/errors.js';
import type { Logger } from '../shared/log.js';
import { resolveStateDir } from '../shared/state-dir.js';
import type { StreamTargetOptions, TargetOpener, TargetSession } from '../sources/contract.js';
import type { Profile } from '../tasks/types.js';
import { createGeneration, type Generation, type GenerationOptions } from './engine.js';
import { type GenerationRequest, isDatabase, resolveFormat, shardSuffix } from './generation-request.js';
import {
  createDatabaseGeneration,
  type DatabaseGeneration,
  loadGeneration,
  type RowPatches,
} from './load/load-database.js';
import { findCollisions, readExistingRows } from './load/respect-existing.js';
import { computeOffsets, readManifests, resolveRunsDir } from './manifest.js';
import { prepareOutputDirectory } from './output/sinks/output-directory.js';
import { writeGeneration } from './output/write-files.js';
import type { PlanTarget } from './plan/plan.js';
import {
  describeDryRun,
  type GenerationResult,
  type RunRecord,
  recordRun,
  type WrittenDatasets,
} from './run-record.js';
import { prepareStreamRequest, streamTargetOptions } from './stream-request.js';

export type { GenerationRequest } from './generation-request.js';
export type { GenerationResult } from './run-record.js';

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
