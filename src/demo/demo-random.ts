/**
 * The demo data set's seeded random source: uniform, normal, log-normal, weighted choice and Zipf-like skew,
 * all from one mulberry32 stream so the same seed gives the same shop, row for row.
 */
import { createSequence } from '../shared/random.js';

export interface DemoRandom {
  /** Uniform in [0, 1). */
  next(): number;
  /** Whole number in [low, high]. */
  integer(low: number, high: number): number;
  normal(mean: number, stddev: number): number;
  logNormal(mu: number, sigma: number): number;
  pick<T>(items: readonly T[]): T;
  /** Picks a key by weight. */
  weighted<T extends string>(weights: Readonly<Record<T, number>>): T;
  chance(probability: number): boolean;
  /** A version-4 UUID made of this stream's numbers. */
  uuid(): string;
}

/** Creates the demo's random source for `seed`. */
export function createDemoRandom(seed: number): DemoRandom {
  const next = createSequence(seed);
  const random: DemoRandom = {
    next,
    integer: (low, high) => low + Math.floor(next() * (high - low + 1)),
    normal(mean, stddev) {
      const u = Math.max(next(), Number.EPSILON);
      const v = next();
      return mean + stddev * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    logNormal: (mu, sigma) => Math.exp(random.normal(mu, sigma)),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    weighted(weights) {
      const entries = Object.entries(weights) as [keyof typeof weights, number][];
      const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
      let point = next() * total;
      for (const [key, weight] of entries) {
        point -= weight;
        if (point < 0) return key;
      }
      return entries[entries.length - 1]![0];
    },
    chance: (probability) => next() < probability,
    uuid() {
      const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16));
      hex[12] = '4';
      hex[16] = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
      const text = hex.join('');
      return `${text.slice(0, 8)}-${text.slice(8, 12)}-${text.slice(12, 16)}-${text.slice(16, 20)}-${text.slice(20)}`;
    },
  };
  return random;
}
