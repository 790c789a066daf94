/**
 * The generation engine: plans a run over a profile (scenario applied, sizes resolved, parents first) and
 * streams each dataset's rows for the planned index range. Rows are computed from their index alone, so a
 * shard computes exactly its slice of the one-shot output, and any order of datasets gives the same rows.
 */
import type { Row, Value } from '../catalog/values.js';
import { DoppelError } from '../shared/errors.js';
import type { Profile } from '../tasks/types.js';
import { type ColumnBatch, rowsOfBatch } from './output/column-batch.js';
import { createPlan, type GenerationPlan, type PlannedDataset, type PlanTarget } from './plan/plan.js';
import { applyScenario, type Scenario } from './plan/scenario.js';
import { DatasetCompiler } from './rows/compile-dataset.js';
import { addCopiedRules } from './rows/copied-rules.js';
import type { CompiledDataset } from './rows/row-steps.js';
import { createPoolRegistry } from './values/semantic/pools.js';

export interface GenerationOptions {
  readonly seed: number;
  /** Multiplies every dataset's profiled row count (lookup tables' only with `scaleLookups`). */
  readonly scale?: number;
  /** Scale lookup tables too. */
  readonly scaleLookups?: boolean;
  /** Row counts per dataset (qualified or local name); wins over scale and scenario. */
  readonly rows?: Readonly<Record<string, number>>;
  /** Shard `index` (0-based) of `count`: writes only its slice of every dataset. */
  readonly shard?: { readonly index: number; readonly count: number };
  /** Share of edge values mixed into every eligible field (0..1). */
  readonly edgeCases?: number;
  readonly scenario?: Scenario;
  /** Datasets (names or globs) to generate; the others are only planned for their keys. */
  readonly only?: readonly string[];
  readonly skip?: readonly string[];
  /** Rows that earlier runs wrote per dataset: this run continues after them. */
  readonly offsets?: Readonly<Record<string, number>>;
  /** Relations (ids) whose fields are written null and filled later (cycle strategy `null-then-update`). */
  readonly nullRelations?: readonly string[];
  /** Rows per batch handed to sinks (default 4096). */
  readonly batchSize?: number;
  /**
   * The target the run writes into, with what it can do: cycles are planned with strategies it supports (or
   * refused) and edge values it cannot store are left out. Absent for files, streams and plans alone.
   */
  readonly target?: PlanTarget;
}

/** A planned run: the profile with the scenario applied, the plan, and row streams per dataset. */
export interface Generation {
  readonly profile: Profile;
  /** What the run was created from (the profile before the scenario, and the options): lets a worker thread recreate the same run. */
  readonly input: { readonly profile: Profile; readonly options: GenerationOptions };
  readonly plan: GenerationPlan;
  /** Batches of rows of `name` for its planned range. */
  batches(name: string, signal?: AbortSignal): AsyncIterable<readonly Row[]>;
  /**
   * The same rows as `batches`, column by column (the fast path for file sinks), `rowsPerBatch` rows at a
   * time (default: the run's batch size). The batch object and its arrays are reused: a batch is valid until
   * the next one is requested.
   */
  columnBatches(name: string, signal?: AbortSignal, rowsPerBatch?: number): AsyncIterable<ColumnBatch>;
  /** The compiled dataset (columns, row function). */
  dataset(name: string): CompiledDataset;
}

function validateOptions(options: GenerationOptions): void {
  if (!Number.isSafeInteger(options.seed))
    throw new DoppelError('usage', `The seed ${options.seed} is not a whole number.`);
  if (options.scale !== undefined && !(options.scale >= 0 && Number.isFinite(options.scale))) {
    throw new DoppelError('usage', `The scale ${options.scale} is not a non-negative number.`);
  }
  if (options.edgeCases !== undefined && !(options.edgeCases >= 0 && options.edgeCases <= 1)) {
    throw new DoppelError('usage', `The edge-case share ${options.edgeCases} is not between 0 and 1.`);
  }
  const shard = options.shard;
  if (
    shard &&
    !(
      Number.isInteger(shard.count) &&
      shard.count >= 1 &&
      Number.isInteger(shard.index) &&
      shard.index >= 0 &&
      shard.index < shard.count
    )
  ) {
    throw new DoppelError(
      'usage',
      `The shard ${shard.index}/${shard.count} is not valid: the index must be 0..count-1.`,
    );
  }
}

/** Plans a run without generating anything. */
export function planGeneration(profile: Profile, options: GenerationOptions): GenerationPlan {
  return createGeneration(profile, options).plan;
}

/** Prepares a run: applies the scenario, plans it, and compiles datasets on demand. */
export function createGeneration(profile: Profile, options: GenerationOptions): Generation {
  validateOptions(options);
  const layered = options.scenario
    ? applyScenario(profile, options.scenario)
    : { profile, rows: {}, edgeCaseFields: {} };
  const plan = createPlan(layered.profile, {
    ...(options.scale === undefined ? {} : { scale: options.scale }),
    ...(options.scaleLookups === true ? { scaleLookups: true } : {}),
    rows: { ...layered.rows, ...options.rows },
    ...(options.only === undefined ? {} : { only: options.only }),
    ...(options.skip === undefined ? {} : { skip: options.skip }),
    ...(options.shard === undefined ? {} : { shard: options.shard }),
    ...(options.offsets === undefined ? {} : { offsets: options.offsets }),
    ...(options.target === undefined ? {} : { target: options.target }),
  });
  const compiler = new DatasetCompiler(addCopiedRules(layered.profile.datasets), plan, {
    seed: options.seed,
    ...(options.edgeCases === undefined ? {} : { edgeCases: options.edgeCases }),
    edgeCaseFields: layered.edgeCaseFields,
    nullRelations: new Set(options.nullRelations ?? []),
    ...(options.target === undefined ? {} : { storableSpecials: options.target.capabilities.specialValues }),
    pools: createPoolRegistry(options.seed),
  });
  const batchSize = options.batchSize ?? 4096;
  const planned = new Map<string, PlannedDataset>(plan.datasets.map((dataset) => [dataset.name, dataset]));
  async function* columnBatches(
    name: string,
    signal?: AbortSignal,
    rowsPerBatch = batchSize,
  ): AsyncIterable<ColumnBatch> {
    const entry = planned.get(name);
    if (!entry)
      throw new DoppelError('usage', `The dataset ${name} is not in profile "${profile.plan.profile}".`);
    const dataset = compiler.get(name);
    const size = Math.max(1, Math.floor(rowsPerBatch));
    const columns: Value[][] = dataset.fields.map(() => new Array<Value>(size).fill(null));
    for (let start = entry.start; start < entry.end; start += size) {
      if (signal?.aborted)
        throw signal.reason instanceof Error ? signal.reason : new DoppelError('cancelled', 'Cancelled.');
      const length = Math.min(entry.end, start + size) - start;
      dataset.fillColumns(start, length, columns);
      yield { fields: dataset.fields, columns, length, start };
    }
  }
  return {
    profile: layered.profile,
    input: { profile, options },
    plan,
    dataset: (name) => compiler.get(name),
    async *batches(name, signal) {
      for await (const batch of columnBatches(name, signal)) yield rowsOfBatch(batch);
    },
    columnBatches,
  };
}

/** Streams the rows of one dataset of `profile` for the planned range under `options`. */
export async function* generateDataset(
  profile: Profile,
  datasetName: string,
  options: GenerationOptions,
  signal?: AbortSignal,
): AsyncIterable<Row> {
  const generation = createGeneration(profile, options);
  for await (const batch of generation.batches(datasetName, signal)) yield* batch;
}
