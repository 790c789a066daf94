/**
 * A `depends` rule between two categorical fields (city → country) as a table. Each determinant value, most
 * frequent first, gets the dependent value furthest below its profiled share, so the dependent keeps its
 * shares; a hash of the determinant would hand whole blocks of rows to one value by chance. Determinant
 * values outside the table (rare values, nulls) are left to the caller.
 */
import type { Value } from '../../catalog/values.js';
import type { FieldTask } from '../../tasks/types.js';
import { convertLiteral } from '../values/value-text.js';

/** Dependent value by the determinant's text (`String(value)`), or undefined when the rule does not fit. */
export function createDependsTable(
  determinant: FieldTask | undefined,
  dependent: FieldTask | undefined,
): ReadonlyMap<string, Value> | undefined {
  const from = determinant?.generator;
  const to = dependent?.generator;
  if (from?.kind !== 'categorical' || to?.kind !== 'categorical' || (to.nulls ?? 0) > 0) return undefined;
  const sources = Object.entries(from.weights).sort((a, b) => b[1] - a[1]);
  const targets = Object.entries(to.weights);
  const sourceTotal = sources.reduce((sum, [, weight]) => sum + weight, 0);
  const targetTotal = targets.reduce((sum, [, weight]) => sum + weight, 0);
  if (!(sourceTotal > 0) || !(targetTotal > 0)) return undefined;
  const assigned = new Array<number>(targets.length).fill(0);
  const table = new Map<string, Value>();
  for (const [literal, weight] of sources) {
    let chosen = 0;
    let largest = Number.NEGATIVE_INFINITY;
    for (const [position, [, share]] of targets.entries()) {
      const deficit = (share / targetTotal) * sourceTotal - assigned[position]!;
      if (deficit > largest) {
        largest = deficit;
        chosen = position;
      }
    }
    assigned[chosen]! += weight;
    table.set(
      String(convertLiteral(determinant!.type, literal)),
      convertLiteral(dependent!.type, targets[chosen]![0]),
    );
  }
  return table;
}
