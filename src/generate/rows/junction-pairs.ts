/**
 * The spread side of a key made of references (an order line's (order, product)): both sides keep their own
 * children-per-parent distributions and every pair is distinct. The base relation lays its parents' children
 * out block by block (parent-mapping.ts); the spread side gets child counts of its own, drawn from its own
 * histogram over the same children (a mapping capped at the base's parent count), and the base's child at
 * position i takes the spread parent of slot π(i), π a seeded permutation of the slots.
 *
 * A spread parent met twice within one base block is repaired by swapping slots with another child of the same
 * chunk (a run of consecutive base blocks, about CHUNK_ROWS children) whose block lacks it while its own
 * parent is missing from the other block: both sides' counts stay exact. Only when no swap is found (nearly
 * every pair taken) does the child take the next spread parent its block lacks, moving one count. A chunk is a
 * pure function of its number, so any row range (a shard) is computed alone, in memory bounded by the chunks.
 */

import { mix32, StreamRandom } from '../../shared/random.js';
import type { CardinalityStats } from '../../tasks/types.js';
import { createPermutation, foldIndex, type Permutation } from '../values/permutation.js';
import { createParentMapping, type ParentChoice, type ParentMapping } from './parent-mapping.js';

export interface SpreadPairing {
  /** The spread parent (0-based, before the parent's first row) of the base's child at `position` in `block`. */
  choose(position: number, block: number): number;
}

/** Children per chunk, about: the room repairs swap in. */
const CHUNK_ROWS = 8192;
/** Random partners a repeated child tries before taking a parent its block lacks. */
const SWAP_ATTEMPTS = 24;
/** Chunks kept (in children) before the cache is emptied: a nullable base visits its blocks out of order. */
const CACHE_ROWS = 1 << 24;
const SLOT_SALT = 0x2545f491;
const REPAIR_SALT = 0x7f4a7c15;

interface Chunk {
  readonly start: number;
  readonly parents: Int32Array;
}

/**
 * A pairing of the children of `base` (laid out in its blocks) with `spreadParents` parents following
 * `cardinality` (the spread relation's), each spread parent with at most `baseParents` children.
 */
export function createSpreadPairing(
  base: ParentMapping,
  spreadParents: number,
  baseParents: number,
  children: number,
  key: number,
  cardinality: CardinalityStats | undefined,
): SpreadPairing {
  const spread = createParentMapping(spreadParents, children, key, cardinality, 0, baseParents);
  const slots = createPermutation(children, mix32(key ^ SLOT_SALT));
  const choice: ParentChoice = { parent: 0, ordinal: 0, position: 0, block: 0 };
  const parentOfSlot = (position: number) =>
    spread.choose(slots.apply(foldIndex(position, children)), choice).parent;
  const blocksPerChunk = Math.max(2, Math.ceil((CHUNK_ROWS * base.blocks) / Math.max(1, children)));

  const pairChunk = (chunk: number): Chunk => {
    const firstBlock = chunk * blocksPerChunk;
    const lastBlock = Math.min(base.blocks, firstBlock + blocksPerChunk);
    const start = base.blockStart(firstBlock);
    const size = Math.max(0, base.blockStart(lastBlock) - start);
    const parents = new Int32Array(size);
    const owners = new Int32Array(size);
    for (let block = firstBlock, k = 0; block < lastBlock; block++)
      for (const end = base.blockStart(block + 1) - start; k < end && k < size; k++)
        owners[k] = block - firstBlock;
    // Spread parents per block of the chunk, keyed by block × spreadParents + parent.
    const held = new Map<number, number>();
    const count = (owner: number, parent: number) => held.get(owner * spreadParents + parent) ?? 0;
    const add = (owner: number, parent: number, by: number) =>
      held.set(owner * spreadParents + parent, count(owner, parent) + by);
    const repeated: number[] = [];
    for (let k = 0; k < size; k++) {
      const parent = parentOfSlot(start + k);
      parents[k] = parent;
      add(owners[k]!, parent, 1);
      if (count(owners[k]!, parent) > 1) repeated.push(k);
    }
    if (repeated.length === 0) return { start, parents };
    const random = new StreamRandom().reset(mix32(key ^ REPAIR_SALT), chunk);
    const walks = new Map<number, { readonly order: Permutation; cursor: number }>();
    for (const k of repeated) {
      const owner = owners[k]!;
      const parent = parents[k]!;
      if (count(owner, parent) <= 1) continue;
      let swapped = false;
      for (let attempt = 0; attempt < SWAP_ATTEMPTS && !swapped; attempt++) {
        const j = random.below(size);
        const other = owners[j]!;
        const partner = parents[j]!;
        if (other === owner || partner === parent || count(owner, partner) > 0 || count(other, parent) > 0)
          continue;
        add(owner, parent, -1);
        add(owner, partner, 1);
        add(other, partner, -1);
        add(other, parent, 1);
        parents[k] = partner;
        parents[j] = parent;
        swapped = true;
      }
      if (swapped) continue;
      // No partner: the next spread parent this block lacks (a block never has more children than there are
      // spread parents, the key plan caps it; a block's parents only grow, so the walk never looks back).
      let walk = walks.get(owner);
      if (walk === undefined) {
        walk = { order: createPermutation(spreadParents, mix32(key ^ (firstBlock + owner))), cursor: 0 };
        walks.set(owner, walk);
      }
      while (walk.cursor < spreadParents && count(owner, walk.order.apply(walk.cursor)) > 0) walk.cursor++;
      if (walk.cursor >= spreadParents) continue;
      const free = walk.order.apply(walk.cursor++);
      add(owner, parent, -1);
      add(owner, free, 1);
      parents[k] = free;
    }
    return { start, parents };
  };

  // Rows in order need only the chunk at hand; a nullable base visits chunks out of order and keeps them.
  const cache = new Map<number, Chunk>();
  let cached = 0;
  let last = -1;
  return {
    choose(position, block) {
      const number = Math.floor(block / blocksPerChunk);
      let chunk = cache.get(number);
      if (chunk === undefined) {
        chunk = pairChunk(number);
        if (number === last + 1 || cached + chunk.parents.length > CACHE_ROWS) {
          cache.clear();
          cached = 0;
        }
        last = number;
        cache.set(number, chunk);
        cached += chunk.parents.length;
      }
      return chunk.parents[position - chunk.start] ?? parentOfSlot(position);
    },
  };
}
