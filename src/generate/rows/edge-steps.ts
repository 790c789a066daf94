/**
 * Edge values (`--edge-cases`, scenario edge shares) mixed into a field after everything else: never into
 * keys, references, ordinals, either side of a `depends` rule or fields a check constrains (they would break
 * them).
 */
import { createEdgeCaseMixer } from '../values/edge-cases.js';
import { listDependsFields } from './depends-steps.js';
import type { ColumnFill, DatasetContext, Step } from './row-steps.js';

const EDGE_SALT = 0x2f6b1d3;

export interface EdgeSteps {
  readonly steps: readonly Step[];
  /** The same, column-wise, for the output field at `position`. */
  readonly fills: readonly { readonly position: number; readonly fill: ColumnFill }[];
}

/** Compiles the edge-value mixers of the dataset's eligible fields (none when no edge share is asked). */
export function compileEdgeSteps(context: DatasetContext): EdgeSteps {
  const { name, keys, options, random } = context;
  const keyFields = new Set([
    ...listDependsFields(context.task),
    ...keys.keySets.flat(),
    ...keys.relationFields.keys(),
    ...keys.unique,
    ...keys.ordinalFields.keys(),
    ...keys.distinctPerParent.keys(),
  ]);
  const steps: Step[] = [];
  const fills: { readonly position: number; readonly fill: ColumnFill }[] = [];
  for (const [position, field] of keys.output.entries()) {
    if (keyFields.has(field.name) || context.constrained.has(field.name)) continue;
    const share = options.edgeCaseFields?.[name]?.[field.name] ?? options.edgeCases ?? 0;
    const mixer = createEdgeCaseMixer(
      field.type,
      field.nullable && !keys.notNull.has(field.name),
      share,
      options.storableSpecials,
    );
    if (!mixer) continue;
    const key = context.streamKey(field.name) ^ EDGE_SALT;
    const fieldName = field.name;
    steps.push((row, index) => {
      const value = mixer(random.reset(key, index));
      if (value !== undefined) row[fieldName] = value;
    });
    fills.push({
      position,
      fill: (column, start, count) => {
        for (let offset = 0; offset < count; offset++) {
          const value = mixer(random.reset(key, start + offset));
          if (value !== undefined) column[offset] = value;
        }
      },
    });
  }
  return { steps, fills };
}
