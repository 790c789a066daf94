import { describe, expect, it } from 'vitest';
import { TopK } from '../../../../src/profile/measure/sketches/top-k.js';
import { countKeys, generateSkewedKeys } from './random-data.js';

function topKOf(keys: readonly string[], capacity: number): TopK {
  const sketch = new TopK(capacity);
  for (const key of keys) sketch.add(key);
  return sketch;
}

/** Space-saving guarantees: each kept count bounds the truth from above, count - error from below. */
function expectGuarantees(sketch: TopK, exact: Map<string, number>, total: number): void {
  const entries = sketch.entries();
  const kept = new Map(entries.map((entry) => [entry.value, entry]));
  for (const entry of entries) {
    const truth = exact.get(entry.value) ?? 0;
    expect(entry.count).toBeGreaterThanOrEqual(truth);
    expect(entry.count - entry.error).toBeLessThanOrEqual(truth);
  }
  for (const [key, count] of exact) if (count > total / sketch.capacity) expect(kept.has(key)).toBe(true);
}

describe('TopK', () => {
  it('counts exactly while the keys fit', () => {
    const sketch = new TopK(4);
    for (const key of ['b', 'a', 'c', 'a', 'b', 'a']) sketch.add(key);
    sketch.add('c', 2);
    expect(sketch.entries()).toEqual([
      { value: 'a', count: 3, error: 0 },
      { value: 'c', count: 3, error: 0 },
      { value: 'b', count: 2, error: 0 },
    ]);
    expect(sketch.total).toBe(8);
  });

  it('finds the heavy hitters of a skewed stream with bounded errors', () => {
    const keys = generateSkewedKeys(100_000, 2_000, 1);
    const sketch = topKOf(keys, 64);
    const exact = countKeys(keys);
    expect(sketch.total).toBe(100_000);
    expect(sketch.entries()).toHaveLength(64);
    expectGuarantees(sketch, exact, keys.length);
    const trueTop = [...exact.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([key]) => key);
    expect(
      sketch
        .entries()
        .slice(0, 5)
        .map((entry) => entry.value),
    ).toEqual(trueTop);
  });

  it('merges parts keeping the guarantees of the whole', () => {
    const keys = generateSkewedKeys(60_000, 1_000, 2);
    const merged = new TopK(64);
    for (let part = 0; part < 3; part++)
      merged.merge(
        topKOf(
          keys.filter((_, i) => i % 3 === part),
          64,
        ),
      );
    const exact = countKeys(keys);
    expect(merged.total).toBe(60_000);
    expectGuarantees(merged, exact, keys.length);
    const trueTop = [...exact.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([key]) => key);
    expect(
      merged
        .entries()
        .slice(0, 3)
        .map((entry) => entry.value),
    ).toEqual(trueTop);
  });

  it('merges small summaries exactly', () => {
    const a = topKOf(['x', 'y', 'x'], 10);
    a.merge(topKOf(['y', 'z', 'y'], 10));
    expect(a.entries()).toEqual([
      { value: 'y', count: 3, error: 0 },
      { value: 'x', count: 2, error: 0 },
      { value: 'z', count: 1, error: 0 },
    ]);
  });

  it('orders ties by value and rejects bad weights', () => {
    const sketch = topKOf(['m', 'b', 'z', 'a'], 8);
    expect(sketch.entries().map((entry) => entry.value)).toEqual(['a', 'b', 'm', 'z']);
    expect(() => sketch.add('a', -1)).toThrow(RangeError);
    expect(() => new TopK(0)).toThrow(RangeError);
  });
});
