/**
 * Sampling from measured distributions: lengths from their quantiles (piecewise-linear inverse CDF) and
 * values from equi-depth histograms (a bin by weight, then uniform inside it).
 */

import type { Random } from '../../shared/random.js';
import type { HistogramBin, LengthStats } from '../../tasks/types.js';
import { buildAliasTable } from './alias-table.js';

/** Draws from lengths described by quantiles; returns a whole number ≥ 0. */
export type LengthSampler = (random: Random) => number;

/** A sampler for `stats` (min, p5, p50, p95, max as far as known), clamped to [floor, ceiling]. */
export function createLengthSampler(
  stats: LengthStats,
  floor = 0,
  ceiling = Number.POSITIVE_INFINITY,
): LengthSampler {
  const quantile = createLengthQuantile(stats, floor, ceiling);
  return (random) => quantile(random.float());
}

/** The length at quantile `u` (0 ≤ u < 1) of `stats`, clamped to [floor, ceiling]: the sampler's inverse CDF. */
export function createLengthQuantile(
  stats: LengthStats,
  floor = 0,
  ceiling = Number.POSITIVE_INFINITY,
): (u: number) => number {
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
  // Flat typed arrays: this runs once or more per generated text value.
  const ats = Float64Array.from(points, (point) => point[0]);
  const values = Float64Array.from(points, (point) => point[1]);
  const count = points.length;
  const last = count > 0 ? values[count - 1]! : 0;
  return (u) => {
    for (let i = 1; i < count; i++) {
      const atHigh = ats[i]!;
      if (u <= atHigh) {
        const atLow = ats[i - 1]!;
        const low = values[i - 1]!;
        return clamp(low + ((u - atLow) / (atHigh - atLow || 1)) * (values[i]! - low));
      }
    }
    return clamp(last);
  };
}

/** Draws a number from histogram bins (edges already numbers). */
export type NumberSampler = (random: Random) => number;

/** A sampler over numeric bins `[low, high, weight]`; an empty histogram yields `fallback`. */
export function createHistogramSampler(
  bins: readonly (readonly [number, number, number])[],
  fallback = 0,
): NumberSampler {
  const usable = bins.filter(
    ([low, high, weight]) => Number.isFinite(low) && Number.isFinite(high) && weight > 0,
  );
  if (usable.length === 0) return () => fallback;
  const table = buildAliasTable(usable.map((bin) => bin[2]));
  return (random) => {
    const [low, high] = usable[table.draw(random)]!;
    return low + random.float() * (high - low);
  };
}

/** Numeric bins from task-file bins, converting edge text with `toNumber` (dates, times). */
export function toNumericBins(
  bins: readonly HistogramBin[],
  toNumber: (edge: number | string) => number,
): (readonly [number, number, number])[] {
  return bins.map(([low, high, weight]) => {
    const a = toNumber(low);
    const b = toNumber(high);
    return [Math.min(a, b), Math.max(a, b), weight] as const;
  });
}
