/**
 * A `depends` rule between two categorical fields (city → country) as a table. The measured pairs the rule
 * keeps (Paris → FR) come first; every other determinant value, most frequent first, gets the dependent value
 * furthest below its profiled share, so the dependent keeps its shares; a hash of the determinant would hand
 * whole blocks of rows to one value by chance. Determinant values outside the table (rare values, nulls) are
 * left to the caller.
 */
import type { Value } from '../../catalog/values.js';
import type { FieldTask } from '../../tasks/types.js';
import { convertLiteral } from '../values/value-text.js';

/**
 * Dependent value by the determinant's text (`String(value)`), or undefined when the rule does not fit.
 * `pairs` are the rule's measured pairs (determinant literal → dependent literal).
 */
export function createDependsTable(
  determinant: FieldTask | undefined,
  dependent: FieldTask | undefined,
  pairs: Readonly<Record<string, string>> = {},
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
  const assign = (literal: string, weight: number, position: number) => {
    assigned[position]! += weight;
    table.set(
      String(convertLiteral(determinant!.type, literal)),
      convertLiteral(dependent!.type, targets[position]![0]),
    );
  };
  const positions = new Map(targets.map(([literal], position) => [literal, position]));
  const unmatched: [string, number][] = [];
  for (const [literal, weight] of sources) {
    const measured = Object.hasOwn(pairs, literal) ? positions.get(pairs[literal]!) : undefined;
    if (measured !== undefined) assign(literal, weight, measured);
    else unmatched.push([literal, weight]);
  }
  for (const [literal, weight] of unmatched) {
    let chosen = 0;
    let largest = Number.NEGATIVE_INFINITY;
    for (const [position, [, share]] of targets.entries()) {
      const deficit = (share / targetTotal) * sourceTotal - assigned[position]!;
      if (deficit > largest) {
        largest = deficit;
        chosen = position;
      }
    }
    assign(literal, weight, chosen);
  }
  return table;
}
