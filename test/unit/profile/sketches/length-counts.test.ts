import { describe, expect, it } from 'vitest';
import { LengthCounts } from '../../../../src/profile/measure/sketches/length-counts.js';
import { QuantileSketch } from '../../../../src/profile/measure/sketches/quantile-sketch.js';
import { createSequence } from './random-data.js';

/** Everything a sketch reports: its counts, extremes and weighted points (exact values or buckets). */
function stateOf(sketch: QuantileSketch) {
  const { values, weights } = sketch.weightedPoints();
  return {
    count: sketch.count,
    exact: sketch.isExact,
    min: sketch.min,
    max: sketch.max,
    values: [...values],
    weights: [...weights],
  };
}

describe('QuantileSketch.addRepeated', () => {
  it('makes the sketch that adding the value that many times makes, across the end of the exact phase', () => {
    for (const [before, times] of [
      [0, 10],
      [4000, 200],
      [5000, 3],
      [10, 100_000],
    ] as const) {
      const repeated = new QuantileSketch();
      const oneByOne = new QuantileSketch();
      for (let i = 0; i < before; i++) {
        repeated.add(i % 97);
        oneByOne.add(i % 97);
      }
      repeated.addRepeated(42, times);
      for (let i = 0; i < times; i++) oneByOne.add(42);
      expect(stateOf(repeated)).toEqual(stateOf(oneByOne));
    }
  });

  it('counts infinities and ignores NaN as add does', () => {
    const sketch = new QuantileSketch();
    sketch.addRepeated(Number.POSITIVE_INFINITY, 3);
    sketch.addRepeated(Number.NaN, 5);
    expect(sketch.count).toBe(3);
    expect(sketch.positiveInfinities).toBe(3);
    expect(sketch.finiteCount).toBe(0);
  });
});

describe('LengthCounts', () => {
  it('gives the sketch of every length added, in whatever order, long lengths included', () => {
    const random = createSequence(7);
    for (const size of [0, 50, 4096, 4097, 60_000]) {
      const counts = new LengthCounts();
      const direct = new QuantileSketch();
      for (let i = 0; i < size; i++) {
        // Mostly short lengths with a tail of long texts, as real text columns have.
        const length = random() < 0.05 ? 500 + Math.floor(random() * 5000) : Math.floor(random() * 40);
        counts.add(length);
        direct.add(length);
      }
      expect(counts.count).toBe(size);
      expect(stateOf(counts.sketch())).toEqual(stateOf(direct));
    }
  });
});
