/**
 * What a compiled dataset is and the pieces it is assembled from: the key plan, per-field value steps,
 * reference steps, `depends` steps and edge steps each come from their own module (see compile-dataset.ts).
 */
import type { SpecialValue } from '../../catalog/model.js';
import type { Row, Value } from '../../catalog/values.js';
import type { StreamRandom } from '../../shared/random.js';
import type { DatasetTask, FieldTask } from '../../tasks/types.js';
import type { PlannedDataset, PlannedRelation } from '../plan/plan.js';
import type { Pools } from '../values/semantic/pools.js';

export interface CompiledDataset {
  readonly name: string;
  readonly task: DatasetTask;
  /** Output columns in order (database-filled and generated columns left out). */
  readonly fields: readonly string[];
  /** Row index space: earlier runs' rows plus this run's rows. */
  readonly rows: number;
  rowAt(index: number): Row;
  /**
   * Fills `columns` (one array per output field, in `fields` order) with rows `[start, start + count)`: the
   * same values as `rowAt`, computed field by field so no row object is built for datasets without
   * references, `depends` rules or row repairs.
   */
  fillColumns(start: number, count: number, columns: readonly Value[][]): void;
  valueAt(field: string, index: number): Value;
}

export interface CompileOptions {
  readonly seed: number;
  /** Share of edge values mixed into every eligible field. */
  readonly edgeCases?: number;
  /** Per-field edge share (`field` of this dataset) overriding `edgeCases`. */
  readonly edgeCaseFields?: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Relations (by id) whose fields are written null now and filled by an update pass. */
  readonly nullRelations?: ReadonlySet<string>;
  /** Special values (NaN, infinity) the target stores; absent: whatever each type's facts allow. */
  readonly storableSpecials?: readonly SpecialValue[];
  readonly pools: (locale?: string) => Pools;
}

/** Which fields carry the dataset's keys, and how (planned by key-plan.ts). */
export interface KeyPlan {
  /** The fields generated, in output order (database-filled and generated columns left out). */
  readonly output: readonly FieldTask[];
  readonly byName: ReadonlyMap<string, FieldTask>;
  /** The primary key and the plain unique keys, each as its field names. */
  readonly keySets: readonly (readonly string[])[];
  /** Fields whose values are unique on their own. */
  readonly unique: ReadonlySet<string>;
  /** The unique fields a key's uniqueness rests on (a single-field key, a composite key's carrier). */
  readonly keyed: ReadonlySet<string>;
  readonly notNull: ReadonlySet<string>;
  /** The relation each reference field belongs to. */
  readonly relationFields: ReadonlyMap<string, PlannedRelation>;
  /** Fields holding a child's ordinal within its parent of the relation. */
  readonly ordinalFields: ReadonlyMap<string, PlannedRelation>;
  /**
   * The (widest) other field of a key with a reference: distinct among each parent's children of the
   * relation (`countrylanguage (CountryCode, Language)`, `salaries (emp_no, from_date)`).
   */
  readonly distinctPerParent: ReadonlyMap<string, PlannedRelation>;
  /** A carrier unique within each value of a categorical field (carrier → category). */
  readonly uniqueWithin: ReadonlyMap<string, string>;
  /** Spread relation id → the base relation whose parents' children it spreads. */
  readonly spreadRelations: ReadonlyMap<string, PlannedRelation>;
  /** Base relation id → most children one parent may have. */
  readonly capacities: ReadonlyMap<string, number>;
}

/** The other datasets of the plan, as a dataset's references see them. */
export interface ParentDatasets {
  /** The compiled dataset `name` (compiled on first use). */
  get(name: string): CompiledDataset;
  /** The parent rows children may reference: this run's rows. */
  parentRange(name: string): { readonly first: number; readonly count: number };
}

/** Everything the step compilers of one dataset share. */
export interface DatasetContext {
  readonly name: string;
  readonly task: DatasetTask;
  readonly planned: PlannedDataset;
  /** Relations in which this dataset is the child. */
  readonly relations: readonly PlannedRelation[];
  readonly keys: KeyPlan;
  /** Fields that row rules (checks) constrain. */
  readonly constrained: ReadonlySet<string>;
  readonly parents: ParentDatasets;
  readonly options: CompileOptions;
  /** The one random stream every step resets before it draws. */
  readonly random: StreamRandom;
  /** The stream key of a field of this dataset. */
  streamKey(field: string): number;
}

/** Sets one or more fields of `row`, the row at `index`. */
export type Step = (row: Record<string, Value>, index: number) => void;
/** Writes one field's values of rows `[start, start + count)` into `column[0..count)`. */
export type ColumnFill = (column: Value[], start: number, count: number) => void;
