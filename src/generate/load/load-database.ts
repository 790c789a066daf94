/**
 * Loading a planned generation into a database target: the schema first (optional), the whole set of
 * tables emptied together (truncate mode), then every dataset in plan order, foreign-key cycles through the
 * target's cycle loader, and references that were loaded null (`null-then-update` cycles and nullable
 * self-references) set by a final update pass. Everything runs in one transaction when the target offers
 * one, so a failure anywhere leaves the target as it was. Shared by the CLI and the HTTP service.
 */
import type { Row, Value } from '../../catalog/values.js';
import { DoppelError } from '../../shared/errors.js';
import type { LoadRows, RowBatch, TargetSession } from '../../sources/contract.js';
import type { DatasetTask, Profile } from '../../tasks/types.js';
import { createGeneration, type Generation, type GenerationOptions } from '../engine.js';
import { chooseThreads } from '../output/parallel-text.js';
import type { GenerationPlan, PlannedDataset, PlannedRelation } from '../plan/plan.js';
import { offerCsvChunks } from './csv-chunks.js';

/** Field values that replace generated ones, per dataset and row index (see respect-existing.ts). */
export type RowPatches = ReadonlyMap<string, ReadonlyMap<number, Readonly<Record<string, Value>>>>;

/** What to load: the rows as loaded (deferred references null) and the rows as they end up. */
export interface DatabaseGeneration {
  /** Rows with every reference, for the update pass and for key lookups. */
  readonly full: Generation;
  /** Rows as loaded: references of `updated` relations are null. */
  readonly loading: Generation;
  /** Relations loaded null and updated after the load. */
  readonly updated: readonly PlannedRelation[];
}

export interface DatabaseLoadOptions {
  readonly mode: 'append' | 'truncate';
  readonly createSchema?: boolean;
  readonly patches?: RowPatches;
  readonly signal?: AbortSignal;
  readonly onProgress?: (dataset: string, rows: number, total: number) => void;
  /**
   * Threads generating a dataset as CSV for a target that reads it, this one included (0 or 1: this thread
   * only, as column batches). Default: `DOPPEL_GENERATE_THREADS`, else `chooseThreads`' default. The rows are
   * the same.
   */
  readonly threads?: number;
}

export interface LoadedDataset {
  readonly name: string;
  readonly rows: number;
  readonly seconds: number;
}

/** Rows per UPDATE call of the update pass. */
const UPDATE_BATCH = 1_000;

/**
 * Relations whose references are loaded null and set afterwards: the relation each `null-then-update`
 * cycle breaks, and every nullable self-reference (so the load never depends on row order or on checks at
 * statement end).
 */
export function listUpdatedRelations(plan: GenerationPlan): PlannedRelation[] {
  const broken = new Set(
    plan.cycles.filter((cycle) => cycle.strategy === 'null-then-update').map((cycle) => cycle.relation),
  );
  return plan.relations.filter(
    (relation) => broken.has(relation.id) || (relation.child === relation.parent && relation.nullable),
  );
}

/** Prepares the two generations a database load needs (one when no reference is loaded null). */
export function createDatabaseGeneration(profile: Profile, options: GenerationOptions): DatabaseGeneration {
  const full = createGeneration(profile, options);
  const updated = listUpdatedRelations(full.plan);
  const loading =
    updated.length === 0
      ? full
      : createGeneration(profile, { ...options, nullRelations: updated.map((relation) => relation.id) });
  return { full, loading, updated };
}

/** The fields that identify a row of `task` for updates: its primary key, else a full unique key. */
export function chooseRowKey(
  task: DatasetTask,
  avoid: readonly string[] = [],
): readonly string[] | undefined {
  const candidates = [
    ...(task.keys.primary ? [task.keys.primary.fields] : []),
    ...task.keys.unique.filter((key) => !key.predicate && !key.expressions?.length).map((key) => key.fields),
  ];
  return candidates.find(
    (fields) =>
      fields.length > 0 &&
      fields.every(
        (name) =>
          !avoid.includes(name) &&
          task.fields.some(
            (field) =>
              field.name === name && field.generator.kind !== 'database' && field.generated === undefined,
          ),
      ),
  );
}

/**
 * Loads `run` into `target`; returns rows written per dataset in load order. With a transactional target a
 * failure rolls everything back (schema, truncation and every table); the error is rethrown.
 */
export async function loadGeneration(
  run: DatabaseGeneration,
  target: TargetSession,
  options: DatabaseLoadOptions,
): Promise<LoadedDataset[]> {
  const work = () => loadAll(run, target, options);
  return target.inTransaction ? target.inTransaction(work, options.signal) : work();
}

async function loadAll(
  run: DatabaseGeneration,
  target: TargetSession,
  options: DatabaseLoadOptions,
): Promise<LoadedDataset[]> {
  const { loading } = run;
  const plan = loading.plan;
  const tasks = new Map(loading.profile.datasets.map((task) => [task.dataset.name, task]));
  const taskOf = (name: string) => tasks.get(name)!;
  const generated = plan.datasets.filter((dataset) => dataset.generate);
  const kind = describeTarget(target);
  if (options.createSchema) {
    if (!target.createSchema)
      throw new DoppelError('usage', `--create-schema is not supported for ${kind} targets.`);
    await target.createSchema(loading.profile, options.signal);
  }
  if (options.mode === 'truncate' && generated.length > 0) {
    if (!target.truncate)
      throw new DoppelError('usage', `--mode truncate is not supported for ${kind} targets.`);
    await target.truncate(
      generated.map((dataset) => taskOf(dataset.name)),
      options.signal,
    );
  }
  checkUpdatable(run, tasks, target);

  const groups = groupCycles(plan, generated);
  const written: LoadedDataset[] = [];
  const done = new Set<string>();
  for (const planned of generated) {
    if (done.has(planned.name)) continue;
    const started = performance.now();
    const group = groups.get(planned.name);
    if (group) {
      if (!target.loadCycle)
        throw new DoppelError(
          'refused',
          `The foreign-key cycle ${group.map((entry) => entry.name).join(' → ')} cannot be loaded into ${kind} targets.`,
        );
      const streams = new Map(group.map((entry) => [entry.name, streamRows(loading, entry, options)]));
      const counts = await target.loadCycle(
        group.map((entry) => taskOf(entry.name)),
        streams,
        { mode: 'append', ...(options.signal ? { signal: options.signal } : {}) },
      );
      const seconds = (performance.now() - started) / 1000;
      for (const entry of group) {
        done.add(entry.name);
        written.push({ name: entry.name, rows: counts.get(entry.name) ?? 0, seconds });
      }
      continue;
    }
    const rows = await target.load(taskOf(planned.name), streamRows(loading, planned, options), {
      mode: 'append',
      ...(options.signal ? { signal: options.signal } : {}),
    });
    done.add(planned.name);
    written.push({ name: planned.name, rows, seconds: (performance.now() - started) / 1000 });
  }
  for (const relation of run.updated) {
    const child = generated.find((dataset) => dataset.name === relation.child);
    if (child) await updateReferences(run, target, taskOf(child.name), child, relation, options);
  }
  return written;
}

function describeTarget(target: TargetSession): string {
  return target.info.kind;
}

/** Every dataset whose deferred references need an update has a key to find its rows by. */
function checkUpdatable(
  run: DatabaseGeneration,
  tasks: ReadonlyMap<string, DatasetTask>,
  target: TargetSession,
): void {
  for (const relation of run.updated) {
    const planned = run.loading.plan.datasets.find((dataset) => dataset.name === relation.child);
    if (!planned?.generate) continue;
    if (!target.updateByKeys)
      throw new DoppelError(
        'refused',
        `The relation ${relation.id} is loaded null and updated after, which ${describeTarget(target)} targets cannot do.`,
      );
    const task = tasks.get(relation.child)!;
    if (!chooseRowKey(task, relation.childFields))
      throw new DoppelError(
        'invalidInput',
        `${relation.child} has no primary or unique key, so the references of ${relation.id} cannot be set after loading; ${target.capabilities.deferrableConstraints ? 'make the foreign key DEFERRABLE or add a key' : 'add a key'}.`,
      );
  }
}

/** Multi-dataset cycles loaded by the target's cycle loader, keyed by each member, members in plan order. */
function groupCycles(
  plan: GenerationPlan,
  generated: readonly PlannedDataset[],
): Map<string, readonly PlannedDataset[]> {
  const groups = new Map<string, readonly PlannedDataset[]>();
  for (const cycle of plan.cycles) {
    if (cycle.strategy !== 'deferred' && cycle.strategy !== 'disable-triggers') continue;
    const members = generated.filter((dataset) => cycle.datasets.includes(dataset.name));
    if (members.length === 0) continue;
    const merged = [
      ...new Set([...members, ...members.flatMap((member) => groups.get(member.name) ?? [])]),
    ].sort((a, b) => generated.indexOf(a) - generated.indexOf(b));
    for (const member of merged) groups.set(member.name, merged);
  }
  return groups;
}

/**
 * The rows of one dataset with patches applied, reporting progress per batch; without patches, also as column
 * batches (the arrays are reused: a batch is valid until the next is asked for) and, with several threads, as
 * CSV chunks.
 */
export function streamRows(
  generation: Generation,
  planned: PlannedDataset,
  options: Pick<DatabaseLoadOptions, 'patches' | 'signal' | 'onProgress' | 'threads'>,
): LoadRows {
  const patches = options.patches?.get(planned.name);
  const total = planned.end - planned.start;
  const unpatched = patches === undefined || patches.size === 0;
  const threads = unpatched ? chooseThreads(total, 'csv', options.threads) : 0;
  async function* rows(): AsyncIterable<Row> {
    let index = planned.start;
    options.onProgress?.(planned.name, 0, total);
    for await (const batch of generation.batches(planned.name, options.signal)) {
      for (const row of batch) {
        const patch = patches?.get(index);
        yield patch ? { ...row, ...patch } : row;
        index += 1;
      }
      options.onProgress?.(planned.name, index - planned.start, total);
    }
  }
  async function* batches(): AsyncIterable<RowBatch> {
    options.onProgress?.(planned.name, 0, total);
    let done = 0;
    let columns: Record<string, readonly Value[]> | undefined;
    for await (const batch of generation.columnBatches(planned.name, options.signal)) {
      columns ??= Object.fromEntries(
        batch.fields.map((field, position) => [field, batch.columns[position]!]),
      );
      yield { length: batch.length, columns };
      done += batch.length;
      options.onProgress?.(planned.name, done, total);
    }
  }
  return {
    [Symbol.asyncIterator]: () => rows()[Symbol.asyncIterator](),
    ...(unpatched ? { batches } : {}),
    ...(threads > 0 ? { csv: offerCsvChunks(generation, planned, threads, options) } : {}),
  };
}

/** Sets the references of `relation` that were loaded null, from the full generation's rows. */
async function updateReferences(
  run: DatabaseGeneration,
  target: TargetSession,
  task: DatasetTask,
  planned: PlannedDataset,
  relation: PlannedRelation,
  options: DatabaseLoadOptions,
): Promise<void> {
  const keyFields = chooseRowKey(task, relation.childFields)!;
  const dataset = run.full.dataset(planned.name);
  const fields = relation.childFields.filter((field) => dataset.fields.includes(field));
  const patches = options.patches?.get(planned.name);
  let batch: Value[][] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    options.signal?.throwIfAborted();
    await target.updateByKeys!(task, keyFields, fields, batch);
    batch = [];
  };
  for (let index = planned.start; index < planned.end; index++) {
    const row = dataset.rowAt(index);
    if (fields.every((field) => (row[field] ?? null) === null)) continue;
    const patch = patches?.get(index);
    const value = (field: string) => (patch && field in patch ? patch[field] : row[field]) ?? null;
    batch.push([...keyFields.map(value), ...fields.map(value)]);
    if (batch.length >= UPDATE_BATCH) await flush();
  }
  await flush();
}
