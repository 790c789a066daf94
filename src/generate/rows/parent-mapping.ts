/**
 * Which parent row a child row points to, as a pure function of the child's row index, so shards never need
 * to see each other's rows. Each parent gets a child count drawn from the relation's measured
 * children-per-parent histogram (zeros included; without zero bins, the childless share first), stratified so
 * that the parents' counts follow it closely (each parent draws within its own stratum); the counts
 * are laid end to end, scaled to the number of non-null children, and child i falls into one parent's block.
 * A nullable relation's null children are an exact share of the rows, chosen through a seeded permutation, so
 * the null share is the profile's and the remaining children fill the parents' blocks exactly. Parents are
 * visited through a seeded permutation so that blocks do not follow the parents' key order. Children of one
 * parent (of a relation without nulls) are contiguous, which also gives each child its ordinal within its
 * parent (line numbers of composite keys). A relation to a small parent table carries each parent's ranked
 * share of the children (`parent_shares`), which then replaces the draws. With a capacity (a key made of references: a parent can have no
 * more children than the other side has rows), the counts are whole numbers, none above it.
 */

import { StreamRandom } from '../../shared/random.js';
import { stretchRankedShares } from '../../tasks/parent-shares.js';
import type { CardinalityStats } from '../../tasks/types.js';
import { createPermutation, foldIndex, type Permutation } from '../values/permutation.js';

export interface ParentChoice {
  /** Row index of the parent, or -1 when the reference is null. */
  parent: number;
  /** 0-based position of this child among its parent's children. */
  ordinal: number;
  /** Rank of this child among the placed (non-null) children, the parents' blocks laid end to end; -1 when null. */
  position: number;
  /** Its parent's block, in layout order (`position` itself when parents are chosen uniformly); -1 when null. */
  block: number;
}

export interface ParentMapping {
  /** Parent row index and ordinal of child row `index`; writes into `into` to avoid allocation. */
  choose(index: number, into: ParentChoice): ParentChoice;
  /** How many blocks the children are laid out in. */
  readonly blocks: number;
  /** The position of the first child of `block` (`blockStart(blocks)` is past the last child). */
  blockStart(block: number): number;
}

/** Parents beyond this many are chosen uniformly (the block table would not pay for its memory). */
const MAX_TABLE_PARENTS = 50_000_000;
const NULL_SALT = 0x3c6ef372;
const STRATA_SALT = 0x1b873593;

/**
 * A mapping from `children` child rows onto `parents` parent rows following `cardinality`; `nullShare` of the
 * children (rounded to a whole number of rows) get no parent (`parent` -1).
 */
export function createParentMapping(
  parents: number,
  children: number,
  key: number,
  cardinality: CardinalityStats | undefined,
  nullShare = 0,
  capacity = Number.POSITIVE_INFINITY,
): ParentMapping {
  const nulls = children > 0 ? Math.min(children, Math.max(0, Math.round(children * nullShare))) : 0;
  if (parents <= 0 || nulls >= children) {
    return { choose: (_index, into) => chooseNull(into), blocks: 0, blockStart: () => 0 };
  }
  // Null children are the first `nulls` ranks of a seeded permutation; the others keep their rank order.
  const nullOrder = nulls > 0 ? createPermutation(children, key ^ NULL_SALT) : undefined;
  const placed = children - nulls;
  const permutation: Permutation = createPermutation(parents, key);
  if (parents > MAX_TABLE_PARENTS || children <= 0) {
    const random = new StreamRandom();
    return {
      choose(index, into) {
        const position = foldIndex(index, children);
        if (nullOrder !== undefined && nullOrder.apply(position) < nulls) return chooseNull(into);
        into.parent = random.reset(key, index).below(parents);
        into.ordinal = 0;
        into.position = position;
        into.block = position;
        return into;
      },
      blocks: children,
      blockStart: (block) => block,
    };
  }
  let cumulative = buildBlocks(parents, key, cardinality);
  if (Number.isFinite(capacity)) cumulative = capBlocks(cumulative, placed, capacity);
  const { blockStart, place } = layBlocks(cumulative, placed);
  return {
    choose(index, into) {
      let position = foldIndex(index, children);
      if (nullOrder !== undefined) {
        const rank = nullOrder.apply(position);
        if (rank < nulls) return chooseNull(into);
        position = rank - nulls;
      }
      into.parent = permutation.apply(place(position, into));
      return into;
    },
    blocks: parents,
    blockStart,
  };
}

/**
 * A nullable self-reference (`reports_to`, `parent_id`) as a tree: its null share of the rows (at least one)
 * are the roots and come first; the parents' drawn counts, largest first, go to the rows in order, and the
 * other rows are their children in blocks in that order. Each block starts past its parent (the roots before
 * it and every larger block between), so a row's parent always comes before it: no one manages their own
 * manager, however long the chain. Children per parent follow the relation's histogram as for any
 * reference; the largest families belong to the first rows, as the first employees are the managers.
 */
export function createHierarchyMapping(
  rows: number,
  key: number,
  cardinality: CardinalityStats | undefined,
  nullShare: number,
): ParentMapping {
  const roots = Math.min(rows, Math.max(1, Math.round(rows * nullShare)));
  if (roots >= rows || rows > MAX_TABLE_PARENTS)
    return createParentMapping(rows, rows, key, cardinality, nullShare);
  const drawn = buildBlocks(rows, key, cardinality);
  const counts = Float64Array.from({ length: rows }, (_, p) => drawn[p + 1]! - drawn[p]!)
    .sort()
    .reverse();
  const cumulative = new Float64Array(rows + 1);
  for (let p = 0; p < rows; p++) cumulative[p + 1] = cumulative[p]! + counts[p]!;
  const { blockStart, place } = layBlocks(cumulative, rows - roots);
  return {
    choose(index, into) {
      const row = foldIndex(index, rows);
      if (row < roots) return chooseNull(into);
      // Blocks start past their parents but where rounding shrinks a small one below a row: kept before.
      into.parent = Math.min(place(row - roots, into), row - 1);
      return into;
    },
    blocks: rows,
    blockStart,
  };
}

/**
 * `placed` children laid end to end over the blocks of `cumulative` (block starts, the total last), scaled to
 * fill them: where each block's children start, and `place`, which writes a child's position, block and
 * ordinal within it into a choice and returns the block.
 */
function layBlocks(
  cumulative: Float64Array,
  placed: number,
): {
  readonly blockStart: (block: number) => number;
  readonly place: (position: number, into: ParentChoice) => number;
} {
  const scale = cumulative[cumulative.length - 1]! / placed;
  const blockStart = (block: number) => Math.ceil(cumulative[block]! / scale - 0.5);
  const place = (position: number, into: ParentChoice) => {
    const block = blockAt(cumulative, (position + 0.5) * scale);
    into.ordinal = Math.max(0, position - blockStart(block));
    into.position = position;
    into.block = block;
    return block;
  };
  return { blockStart, place };
}

/** The block of `cumulative` (block starts, the total last) that `target` falls into. */
function blockAt(cumulative: Float64Array, target: number): number {
  let low = 0;
  let high = cumulative.length - 1;
  while (high - low > 1) {
    const middle = (low + high) >>> 1;
    if (cumulative[middle]! <= target) low = middle;
    else high = middle;
  }
  return low;
}

function chooseNull(into: ParentChoice): ParentChoice {
  into.parent = -1;
  into.ordinal = 0;
  into.position = -1;
  into.block = -1;
  return into;
}

/**
 * Cumulative child counts of the parents: the measured ranked shares when the relation has them, else one
 * seeded draw each; uniform blocks when all counts are zero.
 */
function buildBlocks(parents: number, key: number, cardinality: CardinalityStats | undefined): Float64Array {
  const shares = cardinality?.parent_shares;
  if (shares?.some((share) => share > 0)) return stretchRankedShares(parents, shares);
  const random = new StreamRandom();
  const quantile = createCountQuantile(cardinality);
  // Stratified: parent p takes a point of its own 1/parents-wide stratum of the distribution (the strata
  // dealt by a seeded permutation), so the counts follow the histogram closely even for a few hundred parents.
  const strata = createPermutation(parents, key ^ STRATA_SALT);
  const cumulative = new Float64Array(parents + 1);
  for (let p = 0; p < parents; p++) {
    const point = (strata.apply(p) + random.reset(key ^ 0x5bd1e995, p).float()) / parents;
    cumulative[p + 1] = cumulative[p]! + quantile(point);
  }
  if (cumulative[parents]! <= 0) for (let p = 0; p <= parents; p++) cumulative[p] = p;
  return cumulative;
}

/**
 * Whole child counts proportional to the blocks of `cumulative`, none above `capacity`, adding up to `placed`
 * (water-filling: parents over the capacity are held at it and the rest is shared out again among the others;
 * largest remainders round). Parents can take at most `parents × capacity` children; the caller checks that.
 */
export function capBlocks(cumulative: Float64Array, placed: number, capacity: number): Float64Array {
  const parents = cumulative.length - 1;
  const weights = Float64Array.from({ length: parents }, (_, p) => cumulative[p + 1]! - cumulative[p]!);
  const capped = new Uint8Array(parents);
  const counts = new Float64Array(parents);
  for (;;) {
    let free = placed;
    let weight = 0;
    let open = 0;
    for (let p = 0; p < parents; p++) {
      if (capped[p]) free -= capacity;
      else {
        weight += weights[p]!;
        open++;
      }
    }
    if (open === 0) break;
    // Parents without weight share what the weighted ones cannot take.
    const even = weight <= 0;
    let changed = false;
    for (let p = 0; p < parents; p++) {
      if (capped[p]) continue;
      const share = even ? free / open : (free * weights[p]!) / weight;
      if (share > capacity) {
        capped[p] = 1;
        changed = true;
      }
      counts[p] = share;
    }
    if (!changed) break;
  }
  for (let p = 0; p < parents; p++) if (capped[p]) counts[p] = capacity;
  // Largest remainders: floors first, then one more to the parents with the largest fractions.
  let assigned = 0;
  const fractions = new Float64Array(parents);
  const order: number[] = [];
  for (let p = 0; p < parents; p++) {
    const whole = Math.min(capacity, Math.floor(counts[p]!));
    fractions[p] = counts[p]! - whole;
    counts[p] = whole;
    assigned += whole;
    if (fractions[p]! > 0 && whole < capacity) order.push(p);
  }
  order.sort((a, b) => fractions[b]! - fractions[a]! || a - b);
  for (const p of order) {
    if (assigned >= placed) break;
    counts[p]!++;
    assigned++;
  }
  // Rounding drift of the shares: whatever is still missing goes to parents below the capacity.
  for (let p = 0; p < parents && assigned < placed; p++) {
    const room = Math.min(capacity - counts[p]!, placed - assigned);
    if (room > 0) {
      counts[p]! += room;
      assigned += room;
    }
  }
  const result = new Float64Array(parents + 1);
  for (let p = 0; p < parents; p++) result[p + 1] = result[p]! + counts[p]!;
  return result;
}

/**
 * One parent's child count at `point` (0..1) of the distribution: the inverse of its cumulative share, so that
 * evenly spread points give the measured shares. A histogram with bins at zero carries the childless share
 * itself (unit bins `[c, c, w]` are exact counts); one without has the childless share first and then at least
 * one child. Without a histogram the weights are exponential (unknown cardinality).
 */
export function createCountQuantile(cardinality: CardinalityStats | undefined): (point: number) => number {
  const bins = (cardinality?.histogram ?? []).map(
    ([low, high, weight]) => [Number(low), Number(high), weight] as const,
  );
  const usable = bins.filter(
    ([low, high, weight]) => Number.isFinite(low) && Number.isFinite(high) && weight > 0,
  );
  if (usable.length === 0) return (point) => -Math.log(1 - point) + 0.05;
  usable.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const total = usable.reduce((sum, [, , weight]) => sum + weight, 0);
  const within = (point: number) => {
    let remaining = point * total;
    for (const [low, high, weight] of usable) {
      if (remaining < weight) return low + (remaining / weight) * (high - low);
      remaining -= weight;
    }
    return usable.at(-1)![1];
  };
  if (usable.some(([low]) => low <= 0)) return (point) => Math.max(0, Math.round(within(point)));
  const childless = Math.min(1, Math.max(0, cardinality?.childless ?? 0));
  return (point) =>
    point < childless ? 0 : Math.max(1, Math.round(within((point - childless) / (1 - childless))));
}
