/**
 * Each generated field's own values: a generator compiled once per field, drawn from the field's stream at
 * the row index. Reference, ordinal and per-parent distinct fields are left null here: the reference steps
 * fill them.
 */
import type { DatasetTask, FieldTask } from '../../tasks/types.js';
import { compileFieldValue } from '../values/recipes.js';
import type { BuildContext, ValueGenerator } from '../values/value-generator.js';
import { compileUniqueWithin } from './composite-keys.js';
import { isFilledByReferences } from './key-plan.js';
import type { ColumnFill, DatasetContext, Step } from './row-steps.js';

export interface FieldSteps {
  /** Each output field's generator, by field name. */
  readonly generators: ReadonlyMap<string, ValueGenerator>;
  /** One step per output field, in output order. */
  readonly steps: readonly Step[];
  /** The same, column-wise: one fill per output field, in output order. */
  readonly columnFills: readonly ColumnFill[];
}

/** Compiles the value generator of every output field of the dataset. */
export function compileFieldSteps(context: DatasetContext): FieldSteps {
  const { name, keys, options, random } = context;
  const space = context.planned.offset + context.planned.rows;
  const generators = new Map<string, ValueGenerator>();
  const steps: Step[] = [];
  const columnFills: ColumnFill[] = [];
  const nullPartners = listNullPartners(context.task);
  for (const field of keys.output) {
    const key = context.streamKey(field.name);
    const partner = nullPartners.get(field.name);
    const effective: FieldTask = keys.notNull.has(field.name) ? { ...field, nullable: false } : field;
    let generator: ValueGenerator;
    const buildContext: BuildContext = {
      seed: options.seed,
      key,
      rows: space,
      pools: options.pools,
      where: `${name}.${field.name}`,
      stratified: true,
      ...(partner === undefined ? {} : { nullKey: context.streamKey(partner) }),
    };
    const category = keys.uniqueWithin.get(field.name);
    if (field.identity && field.generator.kind !== 'sequence') {
      generator = (_random, index) => index + 1;
    } else {
      const within =
        category === undefined
          ? undefined
          : compileUniqueWithin(
              effective,
              keys.byName.get(category)!,
              buildContext,
              context.streamKey(category),
            );
      // Without strata for its category, a carrier is unique on its own.
      generator =
        within ??
        compileFieldValue(effective, buildContext, keys.unique.has(field.name) || category !== undefined);
    }
    generators.set(field.name, generator);
    const fieldName = field.name;
    if (isFilledByReferences(keys, fieldName)) {
      steps.push((row) => {
        row[fieldName] = null;
      });
      columnFills.push((column, _start, count) => column.fill(null, 0, count));
    } else {
      steps.push((row, index) => {
        row[fieldName] = generator(random.reset(key, index), index);
      });
      columnFills.push((column, start, count) => {
        for (let offset = 0; offset < count; offset++)
          column[offset] = generator(random.reset(key, start + offset), start + offset);
      });
    }
  }
  return { generators, steps, columnFills };
}

/**
 * The field whose null rows each field's nulls follow: for a `when-present` check, its first `present` field
 * (or that one's own partner, down the chain). Null strata over one permutation nest, so a field with the
 * larger null share is null wherever the other is, and both keep their shares.
 */
function listNullPartners(task: DatasetTask): Map<string, string> {
  const direct = new Map<string, string>();
  for (const check of task.checks)
    if (check.parsed?.kind === 'when-present' && check.parsed.present[0] !== undefined)
      direct.set(check.parsed.field, check.parsed.present[0]);
  const partners = new Map<string, string>();
  for (const field of direct.keys()) {
    const seen = new Set([field]);
    let partner = direct.get(field)!;
    while (direct.has(partner) && !seen.has(partner)) {
      seen.add(partner);
      partner = direct.get(partner)!;
    }
    partners.set(field, partner);
  }
  return partners;
}
