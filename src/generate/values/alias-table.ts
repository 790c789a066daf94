/**
 * Walker's alias method: O(n) to build, O(1) to draw from a discrete distribution with one random number.
 */
import type { Random } from '../../shared/random.js';

export interface AliasTable {
  readonly size: number;
  /** Draws an index with probability proportional to its weight. */
  draw(random: Random): number;
}

/** Builds an alias table over non-negative `weights` (at least one must be positive). */
export function buildAliasTable(weights: readonly number[]): AliasTable {
  const size = weights.length;
  const total = weights.reduce((sum, weight) => sum + Math.max(weight, 0), 0);
  const probability = new Float64Array(size);
  const alias = new Uint32Array(size);
  if (size === 0 || total <= 0) {
    return { size, draw: (random) => (size === 0 ? 0 : random.below(size)) };
  }
  const scaled = weights.map((weight) => (Math.max(weight, 0) * size) / total);
  const small: number[] = [];
  const large: number[] = [];
  for (const [index, value] of scaled.entries()) (value < 1 ? small : large).push(index);
  while (small.length > 0 && large.length > 0) {
    const less = small.pop()!;
    const more = large.pop()!;
    probability[less] = scaled[less]!;
    alias[less] = more;
    scaled[more] = scaled[more]! + scaled[less]! - 1;
    (scaled[more]! < 1 ? small : large).push(more);
  }
  for (const index of [...small, ...large]) probability[index] = 1;
  return {
    size,
    draw(random) {
      const position = random.float() * size;
      const column = Math.floor(position);
      return position - column < probability[column]! ? column : alias[column]!;
    },
  };
}
