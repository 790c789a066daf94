import { describe, expect, it } from 'vitest';
import { TextAccumulator } from '../../../src/profile/measure/accumulators/text-accumulator.js';
import { HyperLogLog } from '../../../src/profile/measure/sketches/hyperloglog.js';

/** The distinct estimate a text field reports, against a HyperLogLog that saw every value. */
function distinctOf(values: readonly string[]): { reported: number; direct: number } {
  const accumulator = new TextAccumulator('string', 'note', 10);
  const direct = new HyperLogLog();
  for (const value of values) {
    accumulator.add(value);
    direct.add(value);
  }
  return { reported: accumulator.finish().distinct, direct: Math.round(direct.estimate()) };
}

describe('text distinct values counted through the top-k keys', () => {
  it('gives what hashing every value gives, for few values, many values, skewed ones and long ones', () => {
    const few = Array.from({ length: 20_000 }, (_, i) => `city ${i % 50}`);
    const many = Array.from({ length: 20_000 }, (_, i) => `value ${(i * 7919) % 5000}`);
    const fewThenMany = [...few, ...many];
    const long = Array.from({ length: 5000 }, (_, i) =>
      i % 100 === 7 ? 'x'.repeat(200 + (i % 3)) : `k${i % 9}`,
    );
    // Heavy hitters the top-k sketch keeps beside a long tail that keeps evicting: a value found among its
    // keys is not hashed again.
    const skewed = Array.from({ length: 40_000 }, (_, i) =>
      i % 2 === 0 ? `surname ${i % 40}` : `surname ${(i * 7919) % 6000}`,
    );
    for (const values of [few, many, fewThenMany, long, skewed]) {
      const { reported, direct } = distinctOf(values);
      expect(reported).toBe(direct);
    }
    expect(distinctOf(few).reported).toBe(50);
    expect(distinctOf(long).reported).toBe(12);
  });
});
