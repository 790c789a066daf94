import { describe, expect, it } from 'vitest';
import { createLengthQuantile } from '../../../src/generate/values/distributions.js';
import type { LengthStats } from '../../../src/tasks/types.js';

/** The quantile as written before it moved to flat arrays: the reference the fast form must equal. */
function referenceQuantile(stats: LengthStats, floor: number, ceiling: number): (u: number) => number {
  const points: [number, number][] = [];
  const add = (at: number, value: number | undefined) => {
    if (value !== undefined && Number.isFinite(value)) points.push([at, value]);
  };
  add(0, stats.min ?? (stats.p5 !== undefined ? Math.min(stats.p5, stats.p50) : stats.p50));
  add(0.05, stats.p5);
  add(0.5, stats.p50);
  add(0.95, stats.p95);
  add(1, stats.max ?? (stats.p95 !== undefined ? Math.max(stats.p95, stats.p50) : stats.p50));
  for (let i = 1; i < points.length; i++) points[i]![1] = Math.max(points[i]![1], points[i - 1]![1]);
  const clamp = (value: number) => Math.max(floor, Math.min(ceiling, Math.round(value)));
  return (u) => {
    for (let i = 1; i < points.length; i++) {
      const [atHigh, high] = points[i]!;
      if (u <= atHigh) {
        const [atLow, low] = points[i - 1]!;
        return clamp(low + ((u - atLow) / (atHigh - atLow || 1)) * (high - low));
      }
    }
    return clamp(points.at(-1)?.[1] ?? 0);
  };
}

describe('length quantile', () => {
  it('gives the same lengths as the reference form for every kind of stats', () => {
    const cases: [LengthStats, number, number][] = [
      [{ min: 3, p5: 5, p50: 12, p95: 30, max: 64 }, 0, Number.POSITIVE_INFINITY],
      [{ p5: 5, p50: 12, p95: 30 }, 0, Number.POSITIVE_INFINITY],
      [{ p50: 7 }, 0, Number.POSITIVE_INFINITY],
      [{ p50: 20, p95: 10, max: 5 }, 2, 12],
      [{ min: 0, p50: 1, max: 1 }, 1, 1],
      [{ p50: Number.NaN }, 0, 10],
    ];
    for (const [stats, floor, ceiling] of cases) {
      const fast = createLengthQuantile(stats, floor, ceiling);
      const reference = referenceQuantile(stats, floor, ceiling);
      for (let step = 0; step <= 20_000; step++) {
        const u = step / 20_000;
        expect(fast(u), `${JSON.stringify(stats)} at ${u}`).toBe(reference(u));
      }
      for (const u of [0.05, 0.5, 0.95, 0.049999999, 0.5000001, 1]) expect(fast(u)).toBe(reference(u));
    }
  });
});
