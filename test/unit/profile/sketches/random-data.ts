/** Seeded data generators for the sketch tests: the same seed gives the same values on every run. */
import { createSequence } from '../../../../src/shared/random.js';

export { createSequence };

export type Distribution = 'uniform' | 'normal' | 'heavy-tailed' | 'duplicates';

/** `n` values of a distribution: uniform on [0, 1000), normal(0, 50) (negatives and zero crossing), Pareto(α = 1.2), or 20 repeated values. */
export function generateValues(distribution: Distribution, n: number, seed: number): number[] {
  const random = createSequence(seed);
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    switch (distribution) {
      case 'uniform':
        values.push(random() * 1000);
        break;
      case 'normal': {
        const u = 1 - random();
        const v = random();
        values.push(50 * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
        break;
      }
      case 'heavy-tailed':
        values.push((1 - random()) ** (-1 / 1.2));
        break;
      case 'duplicates':
        values.push(Math.floor(random() ** 3 * 20) - 5);
        break;
    }
  }
  return values;
}

/** Keys with a Zipf-like skew over `distinct` keys. */
export function generateSkewedKeys(n: number, distinct: number, seed: number): string[] {
  const random = createSequence(seed);
  const keys: string[] = [];
  for (let i = 0; i < n; i++) keys.push(`key-${Math.floor(distinct ** random()) - 1}`);
  return keys;
}

/** Exact counts per key. */
export function countKeys(keys: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}
