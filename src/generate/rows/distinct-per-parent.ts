/**
 * The other field of a key with a reference (`countrylanguage (CountryCode, Language)`, `salaries (emp_no,
 * from_date)`; of several others the widest, `titles (emp_no, title, from_date)`'s `from_date`): distinct
 * among each parent's children only, not over the whole table. A parent's
 * children take the field's own values drawn from a stream of the parent's, each value seen before for that
 * parent drawn again (so categories are drawn by weight without replacement, dates stay in their range; the
 * second half of a value's tries may draw more widely spread values); when a parent has more children than
 * the draws give distinct values, the rest take the field's values unique over the whole table.
 */
import type { Value } from '../../catalog/values.js';
import { StreamRandom } from '../../shared/random.js';
import type { ValueGenerator } from '../values/value-generator.js';

/** Draws for one new value before a parent's values count as used up. */
const TRIES = 32;

/** The value of the `ordinal`-th child (0-based) of `parent`, row `index`. */
export type DistinctValue = (parent: number, ordinal: number, index: number) => Value;

/**
 * `draw`: the field's own values (not stratified by row); `unique`: its values unique over the table, for the
 * children past a parent's distinct draws.
 */
export function createDistinctPerParent(
  draw: ValueGenerator,
  unique: ValueGenerator,
  key: number,
  /** Draws for the second half of a value's tries (values more spread out than `draw`'s), if any. */
  wider?: ValueGenerator,
): DistinctValue {
  const random = new StreamRandom();
  const uniqueRandom = new StreamRandom();
  // The draws of the last parent asked for: its children are usually asked for in turn.
  let parentDrawn = -1;
  let drawn: Value[] = [];
  let seen = new Set<string>();
  let exhausted = false;
  return (parent, ordinal, index) => {
    if (parent !== parentDrawn) {
      parentDrawn = parent;
      random.reset(key, parent);
      drawn = [];
      seen = new Set();
      exhausted = false;
    }
    while (drawn.length <= ordinal && !exhausted) {
      exhausted = true;
      for (let attempt = 0; attempt < TRIES; attempt++) {
        const value =
          wider !== undefined && attempt >= TRIES / 2 ? wider(random, parent) : draw(random, parent);
        const identity = value instanceof Uint8Array ? Buffer.from(value).toString('hex') : String(value);
        if (seen.has(identity)) continue;
        seen.add(identity);
        drawn.push(value);
        exhausted = false;
        break;
      }
    }
    return ordinal < drawn.length ? drawn[ordinal]! : unique(uniqueRandom.reset(key, index), index);
  };
}
