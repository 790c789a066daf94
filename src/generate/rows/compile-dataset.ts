/**
 * Compiles one dataset task into a row function: every field's closure is built once, then row `i` is
 * computed from `i` alone (per-field streams reset to (field, i)). References take the parent's key values
 * by computing the parent's fields at the parent's row index, so no generated row is ever looked up.
 * Keys: single-field keys are unique by construction; composite keys get uniqueness from one component
 * (a unique field, the ordinal of a child within its parent, or, for a key made of references, each parent's
 * children drawn without replacement from the other side).
 */

import type { SpecialValue } from '../../catalog/model.js';
import type { Row, Value } from '../../catalog/values.js';
import { DoppelError } from '../../shared/errors.js';
import type { DatasetTask, FieldTask } from '../../tasks/types.js';
import type { GenerationPlan, PlannedDataset, PlannedRelation } from '../plan/plan.js';
import { createEdgeCaseMixer } from '../values/edge-cases.js';
import { createPermutation, type Permutation } from '../values/permutation.js';
import { deriveKey, hashText, mix32, StreamRandom } from '../values/random.js';
import { compileFieldValue } from '../values/recipes.js';
import type { Pools } from '../values/semantic/pools.js';
import type { BuildContext, ValueGenerator } from '../values/value-generator.js';
import {
  chooseKeyRelations,
  chooseUniqueCarrier,
  compileUniqueWithin,
  isIndexUnique,
} from './composite-keys.js';
import { createDependsTable } from './depends-table.js';
import { createParentMapping, type ParentChoice, type ParentMapping } from './parent-mapping.js';
import { compileRowRepairs, listConstrainedFields, listNotNullFields } from './row-rules.js';

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

type Step = (row: Record<string, Value>, index: number) => void;
/** Writes one field's values of rows `[start, start + count)` into `column[0..count)`. */
type ColumnFill = (column: Value[], start: number, count: number) => void;

const EDGE_SALT = 0x2f6b1d3;
const NULL_SALT = 0x61c88647;

/** Compiles datasets of a plan on demand, so parents are compiled when a child first needs them. */
export class DatasetCompiler {
  private readonly compiled = new Map<string, CompiledDataset>();
  private readonly tasks: ReadonlyMap<string, DatasetTask>;
  private readonly planned: ReadonlyMap<string, PlannedDataset>;

  constructor(
    tasks: readonly DatasetTask[],
    private readonly plan: GenerationPlan,
    private readonly options: CompileOptions,
  ) {
    this.tasks = new Map(tasks.map((task) => [task.dataset.name, task]));
    this.planned = new Map(plan.datasets.map((dataset) => [dataset.name, dataset]));
  }

  /** The compiled dataset `name` (compiled once). */
  get(name: string): CompiledDataset {
    const existing = this.compiled.get(name);
    if (existing) return existing;
    const task = this.tasks.get(name);
    const planned = this.planned.get(name);
    if (!task || !planned) throw new DoppelError('usage', `The dataset ${name} is not in the plan.`);
    const dataset = compileDataset(
      task,
      planned,
      this.plan.relations.filter((relation) => relation.child === name),
      this,
      this.options,
    );
    this.compiled.set(name, dataset);
    return dataset;
  }

  /** Row index space of a planned dataset. */
  spaceOf(name: string): number {
    const planned = this.planned.get(name);
    return planned ? planned.offset + planned.rows : 0;
  }

  /**
   * The parent rows children may reference: this run's rows [offset, offset + rows). Rows before the offset
   * (earlier runs, or rows already in the target under --respect-existing) may be gone or never have been
   * generated, so they are never referenced.
   */
  parentRange(name: string): { readonly first: number; readonly count: number } {
    const planned = this.planned.get(name);
    return planned ? { first: planned.offset, count: planned.rows } : { first: 0, count: 0 };
  }
}

function compileDataset(
  task: DatasetTask,
  planned: PlannedDataset,
  relations: readonly PlannedRelation[],
  compiler: DatasetCompiler,
  options: CompileOptions,
): CompiledDataset {
  const name = task.dataset.name;
  const space = planned.offset + planned.rows;
  const output = task.fields.filter(
    (field) => field.generator.kind !== 'database' && field.generated === undefined,
  );
  const fieldNames = output.map((field) => field.name);
  const byName = new Map(output.map((field) => [field.name, field]));
  const primary = task.keys.primary?.fields ?? [];
  // A partial unique index (`WHERE NOT deleted`) is kept as if it covered every row: stronger than needed,
  // and it holds whatever the predicate's fields turn out to be.
  const plainUniques = task.keys.unique
    .filter((key) => !key.expressions?.length && key.fields.length > 0)
    .map((key) => key.fields);
  const keySets = [...(primary.length > 0 ? [primary] : []), ...plainUniques];
  const unique = new Set(output.filter((field) => field.generator.unique).map((field) => field.name));
  for (const fields of keySets) if (fields.length === 1) unique.add(fields[0]!);
  const notNull = listNotNullFields(task);
  for (const field of primary) notNull.add(field);
  const relationFields = new Map<string, PlannedRelation>();
  for (const relation of relations)
    for (const field of relation.childFields) relationFields.set(field, relation);

  // Composite keys: make one component carry the uniqueness.
  const ordinalFields = new Map<string, PlannedRelation>();
  // A two-field key of a category and another field: the other is unique within each category only.
  const uniqueWithin = new Map<string, string>();
  const spreadRelations = new Map<string, PlannedRelation>();
  for (const fields of keySets) {
    if (fields.length < 2) continue;
    if (fields.some((field) => unique.has(field) || (byName.get(field) && isIndexUnique(byName.get(field)!))))
      continue;
    const free = fields.filter((field) => !relationFields.has(field) && byName.has(field));
    const keyRelations = [
      ...new Set(fields.flatMap((field) => (relationFields.has(field) ? [relationFields.get(field)!] : []))),
    ];
    const first = keyRelations[0];
    const ordinal = free.find((field) => byName.get(field)?.type.logical === 'integer');
    if (first && ordinal) ordinalFields.set(ordinal, first);
    else if (free.length > 0) {
      const carrier = chooseUniqueCarrier(free, byName);
      const [category] = free.filter((field) => field !== carrier);
      if (
        fields.length === 2 &&
        category !== undefined &&
        byName.get(category)?.generator.kind === 'categorical'
      )
        uniqueWithin.set(carrier, category);
      else unique.add(carrier);
    } else if (first && keyRelations[1]) {
      const { base, spread } = chooseKeyRelations(keyRelations, compiler);
      spreadRelations.set(spread.id, base);
    }
  }
  // A key made of references: each base parent's children take distinct parents on the spread side, so no
  // base parent may have more children than that side has rows.
  const capacities = new Map<string, number>();
  for (const [spreadId, base] of spreadRelations) {
    const spread = relations.find((relation) => relation.id === spreadId)!;
    const supply = compiler.parentRange(spread.parent).count;
    const capacity = Math.min(capacities.get(base.id) ?? Number.POSITIVE_INFINITY, supply);
    capacities.set(base.id, capacity);
    const pairs = compiler.parentRange(base.parent).count * capacity;
    if (planned.rows > pairs) {
      throw new DoppelError(
        'usage',
        `${name}: ${planned.rows} rows cannot have distinct (${base.childFields.join(', ')}, ${spread.childFields.join(', ')}): ${base.parent} and ${spread.parent} make only ${pairs} pairs. Generate fewer rows of ${name} (--rows) or more of its parents.`,
      );
    }
  }

  const random = new StreamRandom();
  const streamKeys = new Map(output.map((field) => [field.name, deriveKey(options.seed, name, field.name)]));
  const streamKey = (field: string) => streamKeys.get(field) ?? deriveKey(options.seed, name, field);
  const generators = new Map<string, ValueGenerator>();
  const independent: Step[] = [];
  const columnFills: ColumnFill[] = [];
  for (const field of output) {
    const key = streamKey(field.name);
    const effective: FieldTask = notNull.has(field.name) ? { ...field, nullable: false } : field;
    let generator: ValueGenerator;
    const context: BuildContext = {
      seed: options.seed,
      key,
      rows: space,
      pools: options.pools,
      where: `${name}.${field.name}`,
      stratified: true,
    };
    const category = uniqueWithin.get(field.name);
    if (field.identity && field.generator.kind !== 'sequence') {
      generator = (_random, index) => index + 1;
    } else {
      const within =
        category === undefined
          ? undefined
          : compileUniqueWithin(effective, byName.get(category)!, context, streamKey(category));
      // Without strata for its category, a carrier is unique on its own.
      generator =
        within ?? compileFieldValue(effective, context, unique.has(field.name) || category !== undefined);
    }
    generators.set(field.name, generator);
    const fieldName = field.name;
    if (relationFields.has(fieldName) || ordinalFields.has(fieldName)) {
      independent.push((row) => {
        row[fieldName] = null;
      });
      columnFills.push((column, _start, count) => column.fill(null, 0, count));
    } else {
      independent.push((row, index) => {
        row[fieldName] = generator(random.reset(key, index), index);
      });
      columnFills.push((column, start, count) => {
        for (let offset = 0; offset < count; offset++)
          column[offset] = generator(random.reset(key, start + offset), start + offset);
      });
    }
  }

  // References: one parent choice per relation per row, shared by all its fields.
  const relationSteps: Step[] = [];
  const choices = new Map<string, ParentChoice>();
  // Spread relations read the choice of the relation they spread from: order them last.
  const ordered = [...relations].sort(
    (a, b) => Number(spreadRelations.has(a.id)) - Number(spreadRelations.has(b.id)),
  );
  for (const relation of ordered) {
    const key = deriveKey(options.seed, name, 'relation', relation.id);
    const choice: ParentChoice = { parent: 0, ordinal: 0 };
    choices.set(relation.id, choice);
    let mapping: ParentMapping | undefined;
    let spreadParent = -1;
    let spreadOrder: Permutation | undefined;
    const { first: parentFirst, count: parentSpace } = compiler.parentRange(relation.parent);
    const spreadFrom = spreadRelations.get(relation.id);
    const nullShare = relation.nullable ? (relation.cardinality?.null_share ?? 0) : 0;
    const forcedNull = options.nullRelations?.has(relation.id) ?? false;
    const pairs = relation.childFields
      .map((field, position) => [field, relation.parentFields[position] ?? field] as const)
      .filter(([field]) => byName.has(field));
    relationSteps.push((row, index) => {
      if (
        forcedNull ||
        (spreadFrom && nullShare > 0 && random.reset(key ^ NULL_SALT, index).float() < nullShare) ||
        parentSpace === 0
      ) {
        for (const [field] of pairs) row[field] = null;
        choice.parent = -1;
        return;
      }
      if (spreadFrom) {
        const base = choices.get(spreadFrom.id)!;
        // The base parent's children, in order, take the first rows of a permutation of its own: distinct.
        if (base.parent < 0) choice.parent = parentFirst + random.reset(key, index).below(parentSpace);
        else {
          if (base.parent !== spreadParent) {
            spreadParent = base.parent;
            spreadOrder = createPermutation(parentSpace, mix32(key ^ base.parent));
          }
          choice.parent = parentFirst + spreadOrder!.apply(base.ordinal % parentSpace);
        }
        choice.ordinal = 0;
      } else {
        // The mapping nulls an exact share of the children (the profile's null share).
        mapping ??= createParentMapping(
          parentSpace,
          planned.rows,
          key,
          relation.cardinality,
          nullShare,
          capacities.get(relation.id),
        );
        mapping.choose(index - planned.offset, choice);
        if (choice.parent < 0) {
          for (const [field] of pairs) row[field] = null;
          return;
        }
        choice.parent += parentFirst;
      }
      const parent = compiler.get(relation.parent);
      for (const [field, parentField] of pairs) row[field] = parent.valueAt(parentField, choice.parent);
    });
  }
  for (const [field, relation] of ordinalFields) {
    relationSteps.push((row) => {
      const choice = choices.get(relation.id)!;
      row[field] = choice.parent < 0 ? null : choice.ordinal + 1;
    });
  }

  // `depends` rules: the dependent value is a function of the determinant values.
  const dependSteps: Step[] = [];
  for (const rule of task.rules) {
    if (rule.kind !== 'depends') continue;
    const generator = generators.get(rule.determines);
    if (!generator || relationFields.has(rule.determines)) continue;
    const key = streamKey(rule.determines);
    const determinants = rule.fields;
    const [single] = determinants;
    const table =
      determinants.length === 1 && single !== undefined
        ? createDependsTable(byName.get(single), byName.get(rule.determines))
        : undefined;
    dependSteps.push((row) => {
      const listed = table?.get(String(row[single!]));
      if (listed !== undefined) {
        row[rule.determines] = listed;
        return;
      }
      let text = '';
      for (const field of determinants) text += `${String(row[field])}\u0000`;
      const hash = hashText(text, key);
      row[rule.determines] = generator(random.reset(key, hash), hash);
    });
  }

  const repairs = compileRowRepairs(task);
  const constrained = listConstrainedFields(task);
  // Edge values stay away from keys, references and both sides of `depends` rules (they would break them).
  const dependFields = task.rules.flatMap((rule) =>
    rule.kind === 'depends' ? [...rule.fields, rule.determines] : [],
  );
  const keyFields = new Set([
    ...dependFields,
    ...keySets.flat(),
    ...relationFields.keys(),
    ...unique,
    ...ordinalFields.keys(),
  ]);
  const edgeSteps: Step[] = [];
  const edgeFills: { readonly position: number; readonly fill: ColumnFill }[] = [];
  for (const [position, field] of output.entries()) {
    if (keyFields.has(field.name) || constrained.has(field.name)) continue;
    const share = options.edgeCaseFields?.[name]?.[field.name] ?? options.edgeCases ?? 0;
    const mixer = createEdgeCaseMixer(
      field.type,
      field.nullable && !notNull.has(field.name),
      share,
      options.storableSpecials,
    );
    if (!mixer) continue;
    const key = streamKey(field.name) ^ EDGE_SALT;
    const fieldName = field.name;
    edgeSteps.push((row, index) => {
      const value = mixer(random.reset(key, index));
      if (value !== undefined) row[fieldName] = value;
    });
    edgeFills.push({
      position,
      fill: (column, start, count) => {
        for (let offset = 0; offset < count; offset++) {
          const value = mixer(random.reset(key, start + offset));
          if (value !== undefined) column[offset] = value;
        }
      },
    });
  }

  const steps = [...independent, ...relationSteps, ...dependSteps];
  const repairKey = deriveKey(options.seed, name, '#repairs');
  const rowAt = (index: number): Row => {
    const row: Record<string, Value> = {};
    for (const step of steps) step(row, index);
    if (repairs.length > 0) {
      random.reset(repairKey, index);
      for (const repair of repairs) repair(row, random);
    }
    for (const step of edgeSteps) step(row, index);
    return row;
  };

  // Column-wise: independent fields first, then the row-bound steps row by row, then edge values. Each phase
  // reads only what earlier phases wrote for the same row, so this is rowAt's order for every row.
  const rowSteps = [...relationSteps, ...dependSteps];
  const fillColumns = (start: number, count: number, columns: readonly Value[][]): void => {
    for (let position = 0; position < columnFills.length; position++)
      columnFills[position]!(columns[position]!, start, count);
    if (rowSteps.length > 0 || repairs.length > 0) {
      for (let offset = 0; offset < count; offset++) {
        const row: Record<string, Value> = {};
        for (let position = 0; position < fieldNames.length; position++)
          row[fieldNames[position]!] = columns[position]![offset]!;
        for (const step of rowSteps) step(row, start + offset);
        if (repairs.length > 0) {
          random.reset(repairKey, start + offset);
          for (const repair of repairs) repair(row, random);
        }
        for (let position = 0; position < fieldNames.length; position++)
          columns[position]![offset] = row[fieldNames[position]!] ?? null;
      }
    }
    for (const { position, fill } of edgeFills) fill(columns[position]!, start, count);
  };

  // A parent's field read by children: computed alone when nothing else in the row affects it.
  const rowBound = new Set([
    ...relationFields.keys(),
    ...ordinalFields.keys(),
    ...constrained,
    ...task.rules.flatMap((rule) => (rule.kind === 'depends' ? [rule.determines] : [])),
  ]);
  let cachedIndex = -1;
  let cachedRow: Row = {};
  const valueAt = (field: string, index: number): Value => {
    const generator = generators.get(field);
    if (!generator) {
      throw new DoppelError(
        'invalidInput',
        `A relation references ${name}.${field}, which the generator does not produce.`,
      );
    }
    if (!rowBound.has(field)) return generator(random.reset(streamKey(field), index), index);
    if (index !== cachedIndex) {
      cachedRow = rowAt(index);
      cachedIndex = index;
    }
    return cachedRow[field] ?? null;
  };

  return { name, task, fields: fieldNames, rows: space, rowAt, valueAt, fillColumns };
}
