import { describe, expect, it } from 'vitest';
import { QuantileSketch } from '../../../../src/profile/measure/sketches/quantile-sketch.js';
import { createSequence, type Distribution, generateValues } from './random-data.js';

const DISTRIBUTIONS: Distribution[] = ['uniform', 'normal', 'heavy-tailed', 'duplicates'];
const QUANTILES = [0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999];

/** Exact interpolated quantile of sorted values (the definition the exact phase uses). */
function exactQuantile(sorted: readonly number[], q: number): number {
  const rank = q * (sorted.length - 1);
  const below = Math.floor(rank);
  const lower = sorted[below]!;
  return rank === below ? lower : lower + (sorted[below + 1]! - lower) * (rank - below);
}

function sketchOf(values: readonly number[], options?: ConstructorParameters<typeof QuantileSketch>[0]) {
  const sketch = new QuantileSketch(options);
  for (const value of values) sketch.add(value);
  return sketch;
}

describe('QuantileSketch', () => {
  it('is empty: NaN quantiles and extremes', () => {
    const sketch = new QuantileSketch();
    expect(sketch.count).toBe(0);
    expect(sketch.quantile(0.5)).toBeNaN();
    expect(sketch.min).toBeNaN();
    expect(sketch.max).toBeNaN();
  });

  it.each(DISTRIBUTIONS)('is exact while small (%s)', (distribution) => {
    const values = generateValues(distribution, 3_000, 1);
    const sketch = sketchOf(values);
    const sorted = [...values].sort((a, b) => a - b);
    expect(sketch.isExact).toBe(true);
    for (const q of [0, ...QUANTILES, 1]) expect(sketch.quantile(q)).toBe(exactQuantile(sorted, q));
    expect(sketch.min).toBe(sorted[0]);
    expect(sketch.max).toBe(sorted[sorted.length - 1]);
  });

  it.each(DISTRIBUTIONS)('stays within its relative accuracy once bucketed (%s)', (distribution) => {
    const values = generateValues(distribution, 100_000, 2);
    const sketch = sketchOf(values);
    const sorted = [...values].sort((a, b) => a - b);
    expect(sketch.isExact).toBe(false);
    expect(sketch.count).toBe(100_000);
    for (const q of QUANTILES) {
      const truth = sorted[Math.floor(q * (sorted.length - 1))]!;
      expect(Math.abs(sketch.quantile(q) - truth)).toBeLessThanOrEqual(0.01 * Math.abs(truth) + 1e-9);
    }
    expect(sketch.quantile(0)).toBe(sorted[0]);
    expect(sketch.quantile(1)).toBe(sorted[sorted.length - 1]);
  });

  it('handles negatives and zeros around the origin', () => {
    const values = [-5, -3, -1, 0, 0, 0, 1, 3, 5];
    for (const exactLimit of [4096, 0]) {
      const sketch = sketchOf(values, { exactLimit });
      expect(sketch.quantile(0.5)).toBe(0);
      expect(sketch.quantile(0.125)).toBeCloseTo(-3, 1);
      expect(sketch.quantile(0.875)).toBeCloseTo(3, 1);
    }
  });

  it('counts ±Infinity but keeps it out of quantiles, and ignores NaN', () => {
    const sketch = sketchOf([1, 2, 3, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN]);
    expect(sketch.count).toBe(5);
    expect(sketch.finiteCount).toBe(3);
    expect(sketch.positiveInfinities).toBe(1);
    expect(sketch.negativeInfinities).toBe(1);
    expect(sketch.quantile(0)).toBe(1);
    expect(sketch.quantile(1)).toBe(3);
    expect(sketch.quantile(0.5)).toBe(2);
  });

  it('keeps memory bounded across a huge dynamic range, losing only the smallest magnitudes', () => {
    // 40 decades need ~4600 buckets at 1% accuracy; 2048 keep the top ~17 decades exact to 1%.
    const values = generateValues('uniform', 50_000, 3).map((u) => 10 ** ((u / 1000) * 40 - 10));
    const sketch = sketchOf(values, { exactLimit: 0, maxBuckets: 2048 });
    const sorted = [...values].sort((a, b) => a - b);
    expect(sketch.quantile(0.01)).toBeLessThanOrEqual(sorted[Math.floor(0.7 * (sorted.length - 1))]!);
    for (const q of [0.7, 0.9, 0.99]) {
      const truth = sorted[Math.floor(q * (sorted.length - 1))]!;
      expect(Math.abs(sketch.quantile(q) - truth) / truth).toBeLessThanOrEqual(0.01);
    }
  });

  it.each(DISTRIBUTIONS)('merges parts into the sketch of the whole (%s)', (distribution) => {
    const values = generateValues(distribution, 40_000, 4);
    const whole = sketchOf(values);
    const merged = new QuantileSketch();
    for (let part = 0; part < 4; part++) merged.merge(sketchOf(values.filter((_, i) => i % 4 === part)));
    expect(merged.count).toBe(whole.count);
    expect(merged.min).toBe(whole.min);
    expect(merged.max).toBe(whole.max);
    for (const q of QUANTILES) {
      const expected = whole.quantile(q);
      expect(Math.abs(merged.quantile(q) - expected)).toBeLessThanOrEqual(1e-9 * Math.abs(expected) + 1e-12);
    }
  });

  it('merges small exact parts into an exact sketch', () => {
    const values = generateValues('normal', 1_000, 5);
    const merged = sketchOf(values.slice(0, 400));
    merged.merge(sketchOf(values.slice(400)));
    expect(merged.isExact).toBe(true);
    const sorted = [...values].sort((a, b) => a - b);
    expect(merged.quantile(0.37)).toBe(exactQuantile(sorted, 0.37));
  });

  it('reports the share of values at or below a point', () => {
    const sketch = sketchOf([1, 2, 3, 4]);
    expect(sketch.cdf(0)).toBe(0);
    expect(sketch.cdf(2)).toBe(0.5);
    expect(sketch.cdf(10)).toBe(1);
  });

  it('measures errors from its origin: dates of birth around 1970 and hours of events keep their shape', () => {
    // Epoch milliseconds of days normally spread around 1978 (both sides of the epoch's zero).
    const day = 86_400_000;
    const random = createSequence(7);
    const values = Array.from({ length: 20_000 }, () => {
      const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
      return (2922 + Math.round(normal * 3650)) * day;
    });
    const sorted = [...values].sort((a, b) => a - b);
    const dated = { relativeAccuracy: 0.0002, maxBuckets: 32_768, origin: 'median' } as const;
    const sketch = sketchOf(values, dated);
    expect(sketch.isExact).toBe(false);
    for (const q of [0.05, 0.25, 0.5, 0.75, 0.95])
      expect(Math.abs(sketch.quantile(q) - exactQuantile(sorted, q))).toBeLessThan(3 * day);
    // Six hours of events keep their seconds.
    const hours = Array.from({ length: 20_000 }, () => 1.7e12 + random() * 6 * 3_600_000);
    const events = sketchOf(hours, dated);
    const hoursSorted = [...hours].sort((a, b) => a - b);
    for (const q of [0.05, 0.25, 0.5, 0.75, 0.95])
      expect(Math.abs(events.quantile(q) - exactQuantile(hoursSorted, q))).toBeLessThan(5_000);
    const other = sketchOf(values, { relativeAccuracy: 0.0002, maxBuckets: 32_768 });
    expect(() => sketch.merge(other)).toThrow(RangeError);
  });

  it('resolves a narrow band far from zero from the median of its exact phase', () => {
    const random = createSequence(3);
    const options = { relativeAccuracy: 0.001, maxBuckets: 8192, origin: 'median' } as const;
    for (const draw of [() => 1990 + Math.floor(random() * 35), () => 52.3 + random() * 0.4]) {
      const values = Array.from({ length: 50_000 }, draw);
      const sorted = [...values].sort((a, b) => a - b);
      const spread = sorted.at(-1)! - sorted[0]!;
      const sketch = sketchOf(values, options);
      expect(sketch.isExact).toBe(false);
      for (const q of [0.05, 0.25, 0.5, 0.75, 0.95])
        expect(Math.abs(sketch.quantile(q) - exactQuantile(sorted, q))).toBeLessThan(spread * 0.01);
    }
    // An exact sketch merged with a bucketed one takes its origin.
    const bucketed = sketchOf(
      Array.from({ length: 5000 }, (_, i) => 2000 + (i % 20)),
      options,
    );
    const exact = sketchOf([2001, 2002], options);
    exact.merge(bucketed);
    expect(exact.origin).toBe(bucketed.origin);
    expect(Math.abs(exact.quantile(0.5) - 2009.5)).toBeLessThan(1);
  });

  it('buckets a run of near values as each value alone, up to the edges of the buckets', () => {
    const gamma = 1.01 / 0.99;
    // Values in order, many per bucket, and values at the edges of buckets and a rounding step either side.
    const values: number[] = [];
    for (let i = 0; i < 200_000; i++) values.push(5000 + i * 0.37);
    for (let key = 400; key < 700; key++) {
      const edge = gamma ** key;
      values.push(edge * (1 - 2e-16), edge, edge * (1 + 2e-16), edge * (1 + 1e-10), edge * (1 - 1e-10));
    }
    const inRuns = sketchOf(values, { exactLimit: 0 });
    // Each value between two far ones: no two neighbours share a bucket, each is bucketed by its logarithm.
    const apart = sketchOf(
      values.flatMap((value, index) => [value, 1e15 + index * 1e12]),
      { exactLimit: 0 },
    );
    const pairs = (points: { values: Float64Array; weights: Float64Array }) =>
      [...points.values].map((value, i) => [value, points.weights[i]]);
    expect(pairs(inRuns.weightedPoints())).toEqual(
      pairs(apart.weightedPoints()).filter(([value]) => value! < 1e14),
    );
  });

  it('rejects quantiles outside [0, 1] and bucketed merges of different accuracy', () => {
    expect(() => new QuantileSketch().quantile(1.5)).toThrow(RangeError);
    const a = sketchOf([1, 2, 3], { exactLimit: 0, relativeAccuracy: 0.01 });
    const b = sketchOf([1, 2, 3], { exactLimit: 0, relativeAccuracy: 0.02 });
    expect(() => a.merge(b)).toThrow(RangeError);
  });
});
