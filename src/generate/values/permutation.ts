/**
 * Seeded bijections of [0, n): a balanced Feistel network over the next even power of two, with cycle walking
 * back into range. Unique keys that must look random (not a sequence) are `f(permute(index))`, so they are
 * unique by construction and each one is computable from its row index alone.
 */
import { mix32 } from '../../shared/random.js';

const ROUNDS = 4;

export interface Permutation {
  readonly size: number;
  /** The image of `index` (0 ≤ index < size). */
  apply(index: number): number;
}

/**
 * `index` folded into [0, size): row indexes past a run or below its offset (probed by respect-existing) wrap
 * onto the same space.
 */
export function foldIndex(index: number, size: number): number {
  const folded = index % size;
  // `+ 0` turns the -0 of a negative multiple of `size` into 0.
  return folded < 0 ? folded + size : folded + 0;
}

/** A seeded permutation of [0, size); size up to 2^52. */
export function createPermutation(size: number, key: number): Permutation {
  if (size <= 1) return { size, apply: () => 0 };
  const bits = Math.max(2, Math.ceil(Math.log2(size)));
  const half = Math.min(26, Math.ceil(bits / 2));
  const span = 2 ** half;
  const mask = span - 1;
  const [k0, k1, k2, k3] = Array.from({ length: ROUNDS }, (_, round) =>
    mix32(key + Math.imul(round + 1, 0x632be5ab)),
  ) as [number, number, number, number];
  // The ROUNDS rounds unrolled: (left, right) -> (right, left ^ F(right)). Below 2^30 (halves of at most
  // 15 bits) the halves are cut and joined with integer shifts, the same numbers as the division.
  const encrypt =
    half <= 15
      ? (value: number): number => {
          const a = value >>> half;
          const b = value & mask;
          const c = a ^ (mix32(b ^ k0) & mask);
          const d = b ^ (mix32(c ^ k1) & mask);
          const e = c ^ (mix32(d ^ k2) & mask);
          const f = d ^ (mix32(e ^ k3) & mask);
          return (e << half) | f;
        }
      : (value: number): number => {
          const a = Math.floor(value / span);
          const b = value % span;
          const c = (a ^ (mix32(b ^ k0) & mask)) >>> 0;
          const d = (b ^ (mix32(c ^ k1) & mask)) >>> 0;
          const e = (c ^ (mix32(d ^ k2) & mask)) >>> 0;
          const f = (d ^ (mix32(e ^ k3) & mask)) >>> 0;
          return e * span + f;
        };
  return {
    size,
    apply(index) {
      let value = encrypt(index);
      while (value >= size) value = encrypt(value);
      return value;
    },
  };
}
