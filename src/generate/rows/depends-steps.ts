/**
 * `depends` rules: the dependent value is a function of the determinant values, looked up in the table of
 * measured pairs and share-matched values when there is one (depends-table.ts), else drawn from a stream keyed
 * by the determinants' text. A field several rules determine is set once, by the rule depends-order.ts chooses,
 * after the rules that set its determinants (and by its other rules where that rule's determinant is null).
 * Each rule works on a row object (`steps`) or, for datasets with no other row-bound work, straight on the
 * batch's columns (`fillColumns`): the same values either way.
 */

import type { Value } from '../../catalog/values.js';
import { hashText } from '../../shared/random.js';
import type { DatasetTask } from '../../tasks/types.js';
import type { ValueGenerator } from '../values/value-generator.js';
import { type DependsRule, orderDependsRules } from './depends-order.js';
import { createDependsTable } from './depends-table.js';
import { isFilledByReferences } from './key-plan.js';
import type { DatasetContext, Step } from './row-steps.js';

export interface DependsSteps {
  /** One step per field the rules determine and the dataset generates itself, determinants first. */
  readonly steps: readonly Step[];
  /** The same rules over rows `[start, start + count)` of a batch's columns (output order). */
  fillColumns(columns: readonly Value[][], start: number, count: number): void;
  /**
   * Output positions whose own values no rule reads before a rule overwrites them: their own values need not
   * be generated when the rules run on columns.
   */
  readonly overwritten: ReadonlySet<number>;
}

/** Compiles the `depends` rules whose dependent field the dataset generates itself. */
export function compileDependsSteps(
  context: DatasetContext,
  generators: ReadonlyMap<string, ValueGenerator>,
): DependsSteps {
  const { keys, random } = context;
  const positions = new Map(keys.output.map((field, position) => [field.name, position]));
  const steps: Step[] = [];
  const cells: ((columns: readonly Value[][], offset: number, index: number) => void)[] = [];
  const read = new Set<string>();
  const overwritten = new Set<number>();
  const targets = new Set<number>();
  // A field a key rests on keeps its own values: a value per determinant value would repeat where the key
  // must not (seats measured as a function of boarding numbers, both in a key with the flight).
  const keyBound = (field: string) =>
    isFilledByReferences(keys, field) || keys.unique.has(field) || keys.uniqueWithin.has(field);
  const generated = context.task.rules.filter(
    (rule): rule is DependsRule =>
      rule.kind === 'depends' && generators.has(rule.determines) && !keyBound(rule.determines),
  );
  for (const rule of orderDependsRules(generated)) {
    const generator = generators.get(rule.determines)!;
    const key = context.streamKey(rule.determines);
    const draw = (text: string): Value => {
      const hash = hashText(text, key);
      return generator(random.reset(key, hash), hash);
    };
    // A row without a determinant value is outside the rule (as the profiler measured it): it takes the
    // dependent from the first other rule whose determinants it has, else the field's own value, drawn as
    // the field's own step draws it.
    const own = (index: number): Value => generator(random.reset(key, index), index);
    // A field outside the output reads as undefined, as it does on a row object.
    const lookups = [rule, ...rule.fallbacks].map(({ fields, pairs }) => ({
      fields,
      sources: fields.map((field) => positions.get(field) ?? -1),
      table:
        fields.length === 1
          ? createDependsTable(keys.byName.get(fields[0]!), keys.byName.get(rule.determines), pairs)
          : undefined,
    }));
    /** The dependent value from the determinant values `determinant(lookup, 0..)` of each lookup in turn. */
    const resolve = (
      determinant: (lookup: (typeof lookups)[number], at: number) => Value | undefined,
      index: number,
    ) => {
      for (const lookup of lookups) {
        let missing = false;
        for (let at = 0; at < lookup.fields.length && !missing; at++) {
          const value = determinant(lookup, at);
          missing = value === null || value === undefined;
        }
        if (missing) continue;
        const listed = lookup.table?.get(String(determinant(lookup, 0)));
        if (listed !== undefined) return listed;
        let text = '';
        for (let at = 0; at < lookup.fields.length; at++) text += `${String(determinant(lookup, at))}\u0000`;
        return draw(text);
      }
      return own(index);
    };
    let row: Record<string, Value> = {};
    const fromRow = (lookup: (typeof lookups)[number], at: number) => row[lookup.fields[at]!];
    steps.push((values, index) => {
      row = values;
      values[rule.determines] = resolve(fromRow, index);
    });
    let columns: readonly Value[][] = [];
    let offset = 0;
    const fromColumns = (lookup: (typeof lookups)[number], at: number) => {
      const position = lookup.sources[at]!;
      return position < 0 ? undefined : columns[position]![offset];
    };
    const target = positions.get(rule.determines)!;
    cells.push((batch, at, index) => {
      columns = batch;
      offset = at;
      batch[target]![at] = resolve(fromColumns, index);
    });
    targets.add(target);
    for (const lookup of lookups) for (const field of lookup.fields) read.add(field);
    if (!read.has(rule.determines)) overwritten.add(target);
  }
  return {
    steps,
    overwritten,
    fillColumns(columns, start, count) {
      for (let offset = 0; offset < count; offset++) {
        for (const cell of cells) cell(columns, offset, start + offset);
        // As a row written back to columns reads: a missing value is null.
        for (const position of targets) columns[position]![offset] ??= null;
      }
    },
  };
}

/** The fields on either side of a `depends` rule. */
export function listDependsFields(task: DatasetTask): string[] {
  return task.rules.flatMap((rule) => (rule.kind === 'depends' ? [...rule.fields, rule.determines] : []));
}

/** The dependent fields of `depends` rules. */
export function listDependentFields(task: DatasetTask): string[] {
  return task.rules.flatMap((rule) => (rule.kind === 'depends' ? [rule.determines] : []));
}
