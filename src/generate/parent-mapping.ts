/**
 * Which parent row a child row points to, as a pure function of the child's row index, so shards never need
 * to see each other's rows. Each parent gets a child count drawn from the relation's measured
 * children-per-parent histogram (with its childless share); the counts are laid end to end, scaled to the
 * number of children, and child i falls into one parent's block. Parents are visited through a seeded
 * permutation so that blocks do not follow the parents' key order. Children of one parent are contiguous,
 * which also gives each child its ordinal within its parent (line numbers of composite keys).
 */
import type { CardinalityStats } from '../tasks/types.js';
import { createHistogramSampler } from './distributions.js';
import { createPermutation, type Permutation } from './permutation.js';
import { StreamRandom } from './random.js';

export interface ParentChoice {
  /** Row index of the parent. */
  parent: number;
  /** 0-based position of this child among its parent's children. */
  ordinal: number;
}

export interface ParentMapping {
  /** Parent row index and ordinal of child row `index`; writes into `into` to avoid allocation. */
  choose(index: number, into: ParentChoice): ParentChoice;
}

/** Parents beyond this many are chosen uniformly (the block table would not pay for its memory). */
const MAX_TABLE_PARENTS = 50_000_000;

/** A mapping from `children` child rows onto `parents` parent rows following `cardinality`. */
export function createParentMapping(
  parents: number,
  children: number,
  key: number,
  cardinality: CardinalityStats | undefined,
): ParentMapping {
  if (parents <= 0) {
    return {
      choose(_index, into) {
        into.parent = -1;
        into.ordinal = 0;
        return into;
      },
    };
  }
  const permutation: Permutation = createPermutation(parents, key);
  if (parents > MAX_TABLE_PARENTS || children <= 0) {
    const random = new StreamRandom();
    return {
      choose(index, into) {
        into.parent = random.reset(key, index).below(parents);
        into.ordinal = 0;
        return into;
      },
    };
  }
  const random = new StreamRandom();
  const sampler =
    cardinality && cardinality.histogram.length > 0
      ? createHistogramSampler(
          cardinality.histogram.map(([low, high, weight]) => [Number(low), Number(high), weight] as const),
          1,
        )
      : undefined;
  const childless = cardinality?.childless ?? 0;
  const cumulative = new Float64Array(parents + 1);
  for (let p = 0; p < parents; p++) {
    random.reset(key ^ 0x5bd1e995, p);
    let weight: number;
    if (random.float() < childless) weight = 0;
    else if (sampler) weight = Math.max(1, Math.round(sampler(random)));
    else weight = -Math.log(1 - random.float()) + 0.05; // unknown cardinality: exponential weights
    cumulative[p + 1] = cumulative[p]! + weight;
  }
  const total = cumulative[parents]!;
  if (total <= 0) for (let p = 0; p <= parents; p++) cumulative[p] = p;
  const scale = cumulative[parents]! / children;
  return {
    choose(index, into) {
      const target = ((index % children) + 0.5) * scale;
      let low = 0;
      let high = parents;
      while (high - low > 1) {
        const middle = (low + high) >>> 1;
        if (cumulative[middle]! <= target) low = middle;
        else high = middle;
      }
      const first = Math.ceil(cumulative[low]! / scale - 0.5);
      into.parent = permutation.apply(low);
      into.ordinal = Math.max(0, (index % children) - first);
      return into;
    },
  };
}
