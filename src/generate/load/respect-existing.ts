/**
 * `--respect-existing` against a database target: row indexes start past what the target already holds
 * (its row count, and past the largest value of every sequence key), and unique values the generator
 * cannot keep apart from existing rows by construction are probed against the target in batches; a
 * colliding single-field value is replaced by the value of an unused earlier row index (the first free one
 * counting down from the offset). The result depends only on the inputs and the target's state.
 */
import type { Value } from '../../catalog/values.js';
import { DoppelError } from '../../shared/errors.js';
import type { TargetSession } from '../../sources/contract.js';
import type { DatasetTask } from '../../tasks/types.js';
import type { Generation } from '../engine.js';
import type { RowPatches } from './load-database.js';

/** What the target holds per dataset before the run. */
export interface ExistingRows {
  /** Rows in the table. */
  readonly rows: number;
  /** First row index that cannot collide with existing sequence keys or row counts. */
  readonly offset: number;
}

/** Key tuples per probe. */
const PROBE_BATCH = 2_000;

function sequenceFields(task: DatasetTask): { name: string; start: number; step: number }[] {
  const keyed = new Set(
    [task.keys.primary?.fields ?? [], ...task.keys.unique.map((key) => key.fields)]
      .filter((fields) => fields.length === 1)
      .flat(),
  );
  return task.fields.flatMap((field) =>
    field.generator.kind === 'sequence' &&
    (keyed.has(field.name) || field.generator.unique === true) &&
    field.generator.step > 0 &&
    (field.type.logical === 'integer' || field.type.logical === 'decimal')
      ? [{ name: field.name, start: field.generator.start, step: field.generator.step }]
      : [],
  );
}

/** Reads row counts and sequence-key maxima of every dataset `generation` writes. */
export async function readExistingRows(
  generation: Generation,
  target: TargetSession,
): Promise<Map<string, ExistingRows>> {
  if (!target.readExtent)
    throw new DoppelError('usage', `--respect-existing is not supported for ${target.info.kind} targets.`);
  const state = new Map<string, ExistingRows>();
  for (const planned of generation.plan.datasets) {
    if (!planned.generate) continue;
    const task = generation.dataset(planned.name).task;
    const sequences = sequenceFields(task);
    const extent = await target.readExtent(
      task,
      sequences.map((field) => field.name),
    );
    let offset = extent.rows;
    for (const field of sequences) {
      const maximum = extent.maxima[field.name];
      if (maximum === null || maximum === undefined) continue;
      const past = Math.floor((Number(maximum) - field.start) / field.step) + 1;
      if (Number.isFinite(past)) offset = Math.max(offset, past);
    }
    state.set(planned.name, { rows: extent.rows, offset });
  }
  return state;
}

/**
 * Declared key field sets of `task` that rows of this run could share with rows already in the table. A
 * field that was only measured unique (`unique: true` without a key) is not probed: sharing a value with an
 * existing row breaks no constraint, and shifting it would break the rules that tie it to other fields.
 */
function listCheckedKeys(task: DatasetTask, generation: Generation): string[][] {
  const output = new Set(generation.dataset(task.dataset.name).fields);
  const sequences = new Set(sequenceFields(task).map((field) => field.name));
  const freshReferences = new Set(
    generation.plan.relations
      .filter(
        (relation) =>
          relation.child === task.dataset.name &&
          generation.plan.datasets.some((planned) => planned.name === relation.parent && planned.generate),
      )
      .flatMap((relation) => relation.childFields),
  );
  const sets = [
    ...(task.keys.primary ? [task.keys.primary.fields] : []),
    ...task.keys.unique.filter((key) => !key.predicate && !key.expressions?.length).map((key) => key.fields),
  ];
  const seen = new Set<string>();
  return sets
    .filter((fields) => fields.length > 0 && fields.every((field) => output.has(field)))
    .filter((fields) => !fields.some((field) => sequences.has(field) || freshReferences.has(field)))
    .filter((fields) => {
      const id = fields.join('\u0000');
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    })
    .map((fields) => [...fields]);
}

/**
 * Probes this run's unique values against the target (datasets whose table already has rows) and returns
 * replacements for the colliding ones. A composite key that collides is an error: no single field of it can
 * be shifted without breaking what the others mean.
 */
export async function findCollisions(
  generation: Generation,
  target: TargetSession,
  existing: ReadonlyMap<string, ExistingRows>,
  signal?: AbortSignal,
): Promise<RowPatches> {
  const patches = new Map<string, Map<number, Record<string, Value>>>();
  for (const planned of generation.plan.datasets) {
    if (!planned.generate || (existing.get(planned.name)?.rows ?? 0) === 0) continue;
    if (!target.findExistingKeys) continue;
    const dataset = generation.dataset(planned.name);
    const perRow = new Map<number, Record<string, Value>>();
    for (const fields of listCheckedKeys(dataset.task, generation)) {
      const colliding: number[] = [];
      for (let start = planned.start; start < planned.end; start += PROBE_BATCH) {
        signal?.throwIfAborted();
        const end = Math.min(planned.end, start + PROBE_BATCH);
        const keys: Value[][] = [];
        for (let index = start; index < end; index++)
          keys.push(fields.map((field) => dataset.valueAt(field, index)));
        for (const position of await target.findExistingKeys(dataset.task, fields, keys))
          colliding.push(start + position);
      }
      if (colliding.length === 0) continue;
      const [field] = fields;
      if (fields.length > 1 || field === undefined)
        throw new DoppelError(
          'refused',
          `${colliding.length} generated row(s) of ${planned.name} have a (${fields.join(', ')}) that the target already holds, and a composite key cannot be shifted; generate into an emptier target or use --mode truncate.`,
        );
      const spares = await findFreeValues(
        dataset.task,
        field,
        planned.offset,
        colliding.length,
        target,
        (index) => dataset.valueAt(field, index),
      );
      if (spares.length < colliding.length)
        throw new DoppelError(
          'refused',
          `${planned.name}.${field}: ${colliding.length - spares.length} generated value(s) collide with rows in the target and no unused value is left to shift them to.`,
        );
      for (const [position, index] of colliding.entries())
        perRow.set(index, { ...perRow.get(index), [field]: spares[position] ?? null });
    }
    if (perRow.size > 0) patches.set(planned.name, perRow);
  }
  return patches;
}

/** Values of `field` at row indexes below `offset` (counting down) that the target does not hold yet. */
async function findFreeValues(
  task: DatasetTask,
  field: string,
  offset: number,
  needed: number,
  target: TargetSession,
  valueAt: (index: number) => Value,
): Promise<Value[]> {
  const free: Value[] = [];
  let next = offset - 1;
  while (free.length < needed && next >= 0) {
    const candidates: Value[] = [];
    for (let count = 0; count < PROBE_BATCH && next >= 0; count++, next--) candidates.push(valueAt(next));
    const taken = new Set(
      await target.findExistingKeys!(
        task,
        [field],
        candidates.map((value) => [value]),
      ),
    );
    for (const [position, value] of candidates.entries()) {
      if (free.length >= needed) break;
      if (!taken.has(position)) free.push(value);
    }
  }
  return free;
}
