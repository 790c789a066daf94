/**
 * A dataset's row functions, assembled from its compiled steps in one fixed order: own values, references,
 * `parent-determines` and `after-parent` rules, `depends` rules, `copies` rules, check repairs, edge values. `rowAt` builds one row; `fillColumns` computes
 * the same values column by column; `valueAt` answers a child's reference, computing a field alone when
 * nothing else in the row affects it.
 */
import type { Row, Value } from '../../catalog/values.js';
import { DoppelError } from '../../shared/errors.js';
import { deriveKey } from '../../shared/random.js';
import { listAfterParentFields } from './after-parent-steps.js';
import { listCopiedFields } from './copies-steps.js';
import { type DependsSteps, listDependentFields } from './depends-steps.js';
import type { EdgeSteps } from './edge-steps.js';
import type { FieldSteps } from './field-steps.js';
import { listParentDeterminedFields } from './parent-determines-steps.js';
import type { RowRepair } from './row-rules.js';
import type { CompiledDataset, DatasetContext, Step } from './row-steps.js';

export interface DatasetSteps {
  readonly fields: FieldSteps;
  readonly relations: readonly Step[];
  /** `parent-determines` and `after-parent` rules. */
  readonly lookups: readonly Step[];
  readonly depends: DependsSteps;
  readonly copies: readonly Step[];
  readonly repairs: readonly RowRepair[];
  readonly edges: EdgeSteps;
}

/** Puts the compiled steps of a dataset together into its row functions. */
export function assembleRows(context: DatasetContext, parts: DatasetSteps): CompiledDataset {
  const { name, task, keys, random } = context;
  const fieldNames = keys.output.map((field) => field.name);
  const space = context.planned.offset + context.planned.rows;
  const { repairs } = parts;
  const { generators, columnFills } = parts.fields;
  const steps = [
    ...parts.fields.steps,
    ...parts.relations,
    ...parts.lookups,
    ...parts.depends.steps,
    ...parts.copies,
  ];
  const edgeSteps = parts.edges.steps;
  const repairKey = deriveKey(context.options.seed, name, '#repairs');
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
  // reads only what earlier phases wrote for the same row, so this is rowAt's order for every row. With no
  // references and no repairs, the `depends` rules run on the columns themselves (no row objects), and the
  // fields they overwrite before reading are not generated at all.
  // `copies` and `parent-determines` rules need references, so a dataset with them is never depends-only.
  const rowSteps = [...parts.relations, ...parts.lookups, ...parts.depends.steps, ...parts.copies];
  const dependsOnly = parts.relations.length === 0 && repairs.length === 0;
  const skipped = new Set(dependsOnly ? parts.depends.overwritten : []);
  const fillColumns = (start: number, count: number, columns: readonly Value[][]): void => {
    for (let position = 0; position < columnFills.length; position++)
      if (!skipped.has(position)) columnFills[position]!(columns[position]!, start, count);
    if (dependsOnly) {
      if (parts.depends.steps.length > 0) parts.depends.fillColumns(columns, start, count);
    } else if (rowSteps.length > 0 || repairs.length > 0) {
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
    for (const { position, fill } of parts.edges.fills) fill(columns[position]!, start, count);
  };

  // A parent's field read by children: computed alone when nothing else in the row affects it.
  const rowBound = new Set([
    ...keys.relationFields.keys(),
    ...keys.ordinalFields.keys(),
    ...keys.distinctPerParent.keys(),
    ...context.constrained,
    ...listDependentFields(task),
    ...listCopiedFields(task),
    ...listParentDeterminedFields(task),
    ...listAfterParentFields(task),
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
    if (!rowBound.has(field)) return generator(random.reset(context.streamKey(field), index), index);
    if (index !== cachedIndex) {
      cachedRow = rowAt(index);
      cachedIndex = index;
    }
    return cachedRow[field] ?? null;
  };

  return { name, task, fields: fieldNames, rows: space, rowAt, valueAt, fillColumns };
}
