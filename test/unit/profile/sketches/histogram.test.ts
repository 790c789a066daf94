import { describe, expect, it } from 'vitest';
import { equiDepthBins, ksDistance } from '../../../../src/profile/measure/sketches/histogram.js';
import { QuantileSketch } from '../../../../src/profile/measure/sketches/quantile-sketch.js';
import { type Distribution, generateValues } from './random-data.js';

function sketchOf(values: readonly number[], exactLimit?: number): QuantileSketch {
  const sketch = new QuantileSketch(exactLimit === undefined ? {} : { exactLimit });
  for (const value of values) sketch.add(value);
  return sketch;
}

/** Two-sample KS statistic computed from the raw values. */
function exactKs(a: readonly number[], b: readonly number[]): number {
  const left = [...a].sort((x, y) => x - y);
  const right = [...b].sort((x, y) => x - y);
  let i = 0;
  let j = 0;
  let distance = 0;
  while (i < left.length || j < right.length) {
    const x = Math.min(left[i] ?? Number.POSITIVE_INFINITY, right[j] ?? Number.POSITIVE_INFINITY);
    while (left[i] === x) i++;
    while (right[j] === x) j++;
    distance = Math.max(distance, Math.abs(i / left.length - j / right.length));
  }
  return distance;
}

describe('equiDepthBins', () => {
  it.each(['uniform', 'normal', 'heavy-tailed'] as Distribution[])(
    'cuts equal-weight bins between the tail quantiles (%s)',
    (distribution) => {
      const values = generateValues(distribution, 50_000, 1);
      const sketch = sketchOf(values);
      const bins = equiDepthBins(sketch, 10);
      expect(bins).toHaveLength(10);
      expect(bins.reduce((sum, bin) => sum + bin[2], 0)).toBeCloseTo(1, 12);
      expect(bins[0]![0]).toBe(sketch.quantile(0.001));
      expect(bins[9]![1]).toBe(sketch.quantile(0.999));
      // Outer edges are tail quantiles, never the true extremes (bucketed edges may lie just beyond them).
      expect(bins[0]![0]).not.toBe(sketch.min);
      expect(bins[9]![1]).not.toBe(sketch.max);
      for (let i = 1; i < bins.length; i++) expect(bins[i]![0]).toBe(bins[i - 1]![1]);
      // Each bin holds about a tenth of the values.
      const sorted = [...values].sort((a, b) => a - b);
      for (const [low, high] of bins.slice(1, -1)) {
        const inside = sorted.filter((x) => x > low && x <= high).length / sorted.length;
        expect(inside).toBeGreaterThan(0.08);
        expect(inside).toBeLessThan(0.12);
      }
    },
  );

  it('merges bins with identical edges when values repeat', () => {
    const values = [...Array(80).fill(7), ...Array.from({ length: 20 }, (_, i) => 8 + i)];
    const bins = equiDepthBins(sketchOf(values), 10, { lowQuantile: 0, highQuantile: 1 });
    expect(bins[0]).toEqual([7, 7, expect.closeTo(0.7, 12)]);
    expect(bins.reduce((sum, bin) => sum + bin[2], 0)).toBeCloseTo(1, 12);
    for (let i = 1; i < bins.length; i++) expect(bins[i]).not.toEqual(bins[i - 1]);
  });

  it('returns no bins for an empty sketch and rejects a bad bin count', () => {
    expect(equiDepthBins(new QuantileSketch(), 5)).toEqual([]);
    expect(() => equiDepthBins(new QuantileSketch(), 0)).toThrow(RangeError);
  });
});

describe('ksDistance', () => {
  it('is 0 for the same data and 1 for disjoint data', () => {
    const values = generateValues('normal', 5_000, 2);
    expect(ksDistance(sketchOf(values), sketchOf(values))).toBe(0);
    expect(ksDistance(sketchOf([1, 2, 3]), sketchOf([4, 5]))).toBe(1);
  });

  it('equals the exact two-sample statistic for exact sketches', () => {
    const a = generateValues('normal', 3_000, 3);
    const b = generateValues('normal', 2_000, 4).map((x) => x + 10);
    expect(ksDistance(sketchOf(a), sketchOf(b))).toBeCloseTo(exactKs(a, b), 12);
  });

  it.each(['uniform', 'normal', 'heavy-tailed', 'duplicates'] as Distribution[])(
    'approximates the exact statistic once bucketed (%s)',
    (distribution) => {
      const a = generateValues(distribution, 40_000, 5);
      const b = generateValues(distribution, 40_000, 6).map((x) => x * 1.1);
      const sketched = ksDistance(sketchOf(a, 0), sketchOf(b, 0));
      expect(Math.abs(sketched - exactKs(a, b))).toBeLessThan(0.02);
    },
  );
});
