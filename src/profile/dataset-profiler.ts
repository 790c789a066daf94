/**
 * Profiles one dataset's row stream in a single pass: one accumulator per field, a rule tracker, and small
 * seeded reservoirs of key tuples that relation measurement needs afterwards (parent keys to look up children
 * by, child references to test inclusion with). Source-agnostic: rows may come from any `SourceSession` or an
 * in-memory array.
 */
import type { Dataset } from '../catalog/model.js';
import type { Row, Value } from '../catalog/values.js';
import { DoppelError } from '../shared/errors.js';
import type { RuleTask } from '../tasks/types.js';
import { createAccumulator, type FieldAccumulator } from './accumulators/index.js';
import type { FieldMeasure } from './measure.js';
import { createRandom } from './random.js';
import { RuleTracker } from './rules.js';

/** Key tuples kept per field set: enough to measure children per parent, small enough to look up. */
export const KEY_RESERVOIR = 200;
const PROGRESS_EVERY = 5000;

export interface DatasetMeasure {
  readonly dataset: Dataset;
  readonly rows: number;
  readonly fields: ReadonlyMap<string, FieldMeasure>;
  readonly rules: readonly RuleTask[];
  /** Reservoir samples of key tuples, by field set (names joined with `,`). */
  readonly keys: ReadonlyMap<string, readonly (readonly Value[])[]>;
}

export interface ProfileRowsOptions {
  readonly k: number;
  readonly seed: number;
  /** Field sets whose tuples to keep a reservoir of. */
  readonly keySets?: readonly (readonly string[])[];
  /** Fields that rules ignore (keys and references). */
  readonly ruleExclusions?: ReadonlySet<string>;
  readonly signal?: AbortSignal;
  readonly onProgress?: (rows: number) => void;
}

/** The identity of a field set in `DatasetMeasure.keys`. */
export function keySetName(fields: readonly string[]): string {
  return fields.join(',');
}

/** Streams `rows` of `dataset` through the accumulators and returns the raw measurements. */
export async function profileRows(
  dataset: Dataset,
  rows: AsyncIterable<Row> | Iterable<Row>,
  options: ProfileRowsOptions,
): Promise<DatasetMeasure> {
  const fields = dataset.fields.map((field) => ({
    name: field.name,
    accumulator: createAccumulator(field.name, field.type, options.k) as FieldAccumulator,
  }));
  const rules = new RuleTracker(dataset, options.ruleExclusions ?? new Set(), options.k);
  const reservoirs = (options.keySets ?? []).map((set) => new KeyReservoir(set, options.seed));
  let count = 0;
  for await (const row of rows) {
    for (const field of fields) field.accumulator.add(row[field.name] ?? null);
    rules.add(row);
    for (const reservoir of reservoirs) reservoir.add(row);
    count++;
    if (count % PROGRESS_EVERY === 0) {
      throwIfAborted(options.signal);
      options.onProgress?.(count);
    }
  }
  throwIfAborted(options.signal);
  options.onProgress?.(count);
  return {
    dataset,
    rows: count,
    fields: new Map(fields.map((field) => [field.name, field.accumulator.finish()])),
    rules: rules.finish(),
    keys: new Map(reservoirs.map((reservoir) => [keySetName(reservoir.fields), reservoir.tuples()])),
  };
}

/** Throws the signal's reason (a `cancelled` DoppelError unless it carries one) when aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted !== true) return;
  const reason: unknown = signal.reason;
  throw reason instanceof DoppelError ? reason : new DoppelError('cancelled', 'Profiling was cancelled.');
}

/** Reservoir sample (algorithm R, seeded) of the non-null tuples of a field set. */
class KeyReservoir {
  private readonly kept: (readonly Value[])[] = [];
  private seen = 0;
  private readonly random: () => number;

  constructor(
    readonly fields: readonly string[],
    seed: number,
  ) {
    this.random = createRandom(seed ^ hashNames(fields));
  }

  add(row: Row): void {
    const tuple: Value[] = [];
    for (const name of this.fields) {
      const value = row[name];
      if (value === null || value === undefined) return;
      tuple.push(value);
    }
    this.seen++;
    if (this.kept.length < KEY_RESERVOIR) this.kept.push(tuple);
    else {
      const slot = Math.floor(this.random() * this.seen);
      if (slot < KEY_RESERVOIR) this.kept[slot] = tuple;
    }
  }

  tuples(): readonly (readonly Value[])[] {
    return this.kept;
  }
}

function hashNames(names: readonly string[]): number {
  let hash = 2166136261;
  for (const char of names.join(',')) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619);
  return hash >>> 0;
}
