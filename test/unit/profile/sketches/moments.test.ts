import { describe, expect, it } from 'vitest';
import { Moments } from '../../../../src/profile/measure/sketches/moments.js';
import { type Distribution, generateValues } from './random-data.js';

function exactMoments(values: readonly number[]) {
  const mean = values.reduce((sum, x) => sum + x, 0) / values.length;
  const variance = values.reduce((sum, x) => sum + (x - mean) ** 2, 0) / values.length;
  return { mean, variance, min: Math.min(...values), max: Math.max(...values) };
}

function momentsOf(values: readonly number[]): Moments {
  const moments = new Moments();
  for (const value of values) moments.add(value);
  return moments;
}

describe('Moments', () => {
  it('is NaN when empty', () => {
    const moments = new Moments();
    expect(moments.count).toBe(0);
    expect(moments.mean).toBeNaN();
    expect(moments.variance).toBeNaN();
    expect(moments.min).toBeNaN();
  });

  it.each(['uniform', 'normal', 'heavy-tailed', 'duplicates'] as Distribution[])(
    'matches two-pass statistics, whole and merged (%s)',
    (distribution) => {
      const values = generateValues(distribution, 30_000, 3);
      const exact = exactMoments(values);
      const merged = new Moments();
      for (let part = 0; part < 5; part++) merged.merge(momentsOf(values.filter((_, i) => i % 5 === part)));
      for (const moments of [momentsOf(values), merged]) {
        expect(moments.count).toBe(values.length);
        expect(moments.mean).toBeCloseTo(exact.mean, 8);
        expect(Math.abs(moments.variance - exact.variance) / exact.variance).toBeLessThan(1e-9);
        expect(moments.stddev).toBeCloseTo(Math.sqrt(exact.variance), 6);
        expect(moments.min).toBe(exact.min);
        expect(moments.max).toBe(exact.max);
      }
    },
  );

  it('stays precise around a large offset and skips non-finite values', () => {
    const moments = momentsOf([1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16, Number.NaN, Number.POSITIVE_INFINITY]);
    expect(moments.count).toBe(4);
    expect(moments.mean).toBe(1e9 + 10);
    expect(moments.variance).toBe(22.5);
    expect(moments.sampleVariance).toBe(30);
  });
});
