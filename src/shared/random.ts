/**
 * The one seeded random source of doppel. Nothing here reads the clock, Math.random, the locale or the time
 * zone; imports nothing.
 *
 * Generation: every value is drawn from a stream derived from (seed, dataset, field,
 * row index), so any row can be computed on its own: shards, parents' keys and re-runs all see the same
 * values. The stream is a counter-based splitmix32 (a bijective 32-bit mixer over a Weyl sequence): resetting
 * it costs two multiplications, which is what lets the hot path reseed per field and per row.
 *
 * Sequences (`createSequence`, mulberry32): one stream read in order, for the profiler's reservoirs and
 * shuffles, MySQL's sampling and the demo data set. It is kept beside the counter-based stream rather than
 * replaced by it because stored profiles and the demo data set are reproduced from its exact numbers.
 */

const GOLDEN = 0x9e3779b9;
const TWO_POW_32 = 4294967296;

/** The murmur3 finaliser: a bijection on 32-bit integers with good avalanche. */
export function mix32(value: number): number {
  let z = value >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** A 32-bit hash of a text (FNV-1a over UTF-16 code units, then mixed). */
export function hashText(text: string, seed = 0): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return mix32(hash);
}

/** Derives a stream key from the run seed and a path of names (dataset, field, purpose). */
export function deriveKey(seed: number, ...path: readonly string[]): number {
  let key = mix32((seed >>> 0) ^ mix32(Math.floor(seed / TWO_POW_32)));
  for (const part of path) key = hashText(part, key);
  return key;
}

/** The one interface every generator draws from. */
export interface Random {
  /** A uniform 32-bit unsigned integer. */
  next(): number;
  /** A uniform float in [0, 1). */
  float(): number;
  /** A uniform integer in [0, n) for 0 < n ≤ 2^53. */
  below(n: number): number;
  /** A uniform integer in [min, max] (inclusive). */
  between(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
}

/**
 * A resettable stream: `reset(key, index)` positions it at the start of the stream for one (field, row).
 * For a fixed key, the first draw is a bijection of the row index (below 2^32), so two rows never share a
 * stream.
 */
export class StreamRandom implements Random {
  private state = 0;

  constructor(key = 0, index = 0) {
    this.reset(key, index);
  }

  /** Positions the stream at (key, index). */
  reset(key: number, index: number): this {
    const low = index >>> 0;
    const high = Math.floor(index / TWO_POW_32);
    this.state = mix32((key ^ mix32((low + Math.imul(high, 0x27d4eb2f)) >>> 0)) >>> 0);
    return this;
  }

  next(): number {
    this.state = (this.state + GOLDEN) >>> 0;
    return mix32(this.state);
  }

  float(): number {
    return this.next() / TWO_POW_32;
  }

  below(n: number): number {
    if (n <= TWO_POW_32) return Math.floor(this.float() * n);
    const wide = this.next() * TWO_POW_32 + this.next();
    return Math.floor((wide / (TWO_POW_32 * TWO_POW_32)) * n);
  }

  between(min: number, max: number): number {
    return min + this.below(max - min + 1);
  }

  chance(p: number): boolean {
    return p > 0 && this.float() < p;
  }
}

/** A fresh stream positioned at (key, index). */
export function createRandom(key: number, index = 0): StreamRandom {
  return new StreamRandom(key, index);
}

/** Returns a function giving uniform numbers in [0, 1) (mulberry32), the same sequence for the same seed. */
export function createSequence(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seed drawn from a text (FNV-1a over its UTF-16 code units), so that each named thing draws its own numbers. */
export function seedOfText(text: string): number {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return hash >>> 0;
}

/** Shuffles `items` in place (Fisher-Yates) with numbers from `next`, and returns them. */
export function shuffleInPlace<T>(items: T[], next: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    const swap = items[i]!;
    items[i] = items[j]!;
    items[j] = swap;
  }
  return items;
}
