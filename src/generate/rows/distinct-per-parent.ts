/**
 * A categorical field of a two-field key with a reference (`countrylanguage (CountryCode, Language)`): each
 * parent's children take distinct categories, drawn by weight without replacement from a stream of the
 * parent's own, so the pairs are unique while the categories keep about their shares. A parent with more
 * children than there are categories gives the rest a category with a row-number tail.
 */
import type { Value } from '../../catalog/values.js';
import { StreamRandom } from '../../shared/random.js';
import type { FieldTask } from '../../tasks/types.js';
import { formatIndexTail } from '../values/unique-values.js';
import { convertLiteral } from '../values/value-text.js';

/** The value of the `ordinal`-th child (0-based) of `parent`, row `index` of `rows`. */
export type DistinctValue = (parent: number, ordinal: number, index: number) => Value;

export function createDistinctPerParent(field: FieldTask, key: number, rows: number): DistinctValue {
  const recipe = field.generator;
  const entries = recipe.kind === 'categorical' ? Object.entries(recipe.weights) : [];
  const values = entries.map(([literal]) => convertLiteral(field.type, literal));
  const weights = entries.map(([, weight]) => Math.max(0, weight));
  const random = new StreamRandom();
  // The draws of the last parent asked for: its children are usually asked for in turn.
  let parentDrawn = -1;
  let drawn: number[] = [];
  let used: boolean[] = [];
  let left = 0;
  const drawNext = () => {
    let u = random.float() * left;
    let chosen = -1;
    for (let i = 0; i < weights.length; i++) {
      if (used[i] || weights[i] === 0) continue;
      chosen = i;
      u -= weights[i]!;
      if (u < 0) break;
    }
    if (chosen < 0) return false;
    used[chosen] = true;
    left -= weights[chosen]!;
    drawn.push(chosen);
    return true;
  };
  return (parent, ordinal, index) => {
    if (parent !== parentDrawn) {
      parentDrawn = parent;
      random.reset(key, parent);
      drawn = [];
      used = weights.map(() => false);
      left = weights.reduce((sum, weight) => sum + weight, 0);
    }
    while (drawn.length <= ordinal && drawNext());
    if (ordinal < drawn.length) return values[drawn[ordinal]!]!;
    // More children than categories: the rest are told apart by their row.
    const category = values[ordinal % Math.max(1, values.length)] ?? '';
    return `${String(category)}-${formatIndexTail(index, rows)}`;
  };
}
