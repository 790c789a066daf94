/**
 * Distribution summaries read off a quantile sketch: equi-depth histogram bins (what a `histogram` generator
 * recipe samples from) and the Kolmogorov–Smirnov distance between two distributions (what validation uses to
 * compare generated data with its profile).
 */
import type { QuantileSketch } from './quantile-sketch.js';

export interface EquiDepthOptions {
  /** Quantile of the lowest edge (default 0.001): never the true minimum, so one outlier stays out. */
  readonly lowQuantile?: number;
  /** Quantile of the highest edge (default 0.999). */
  readonly highQuantile?: number;
}

/**
 * Equi-depth bins `[low, high, weight]` over the sketch's finite values: `bins` bins of equal weight between the
 * tail quantiles, whose weights sum to 1 (the tails belong to the outer bins). Adjacent bins with identical
 * edges (a value repeated across several bins) are merged into one with their summed weight. Empty sketch: [].
 */
export function equiDepthBins(
  sketch: QuantileSketch,
  bins: number,
  options: EquiDepthOptions = {},
): [number, number, number][] {
  if (!Number.isInteger(bins) || bins < 1)
    throw new RangeError('equiDepthBins needs a positive whole number of bins.');
  const { lowQuantile = 0.001, highQuantile = 0.999 } = options;
  if (!(lowQuantile >= 0 && lowQuantile <= highQuantile && highQuantile <= 1)) {
    throw new RangeError('equiDepthBins needs 0 <= lowQuantile <= highQuantile <= 1.');
  }
  if (sketch.finiteCount === 0) return [];
  const edges: number[] = [];
  for (let i = 0; i <= bins; i++) {
    const q = lowQuantile + ((highQuantile - lowQuantile) * i) / bins;
    // Clamp against floating-point drift so that edges never decrease.
    edges.push(Math.max(sketch.quantile(Math.min(1, q)), edges[i - 1] ?? Number.NEGATIVE_INFINITY));
  }
  const result: [number, number, number][] = [];
  for (let i = 0; i < bins; i++) {
    const low = edges[i]!;
    const high = edges[i + 1]!;
    const last = result[result.length - 1];
    if (last !== undefined && last[0] === low && last[1] === high) last[2] += 1 / bins;
    else result.push([low, high, 1 / bins]);
  }
  return result;
}

/**
 * The Kolmogorov–Smirnov statistic sup |F_a(x) - F_b(x)| between the finite values of two sketches: 0 for
 * identical distributions, 1 for disjoint ones. Exact for exact sketches; within the buckets' resolution
 * otherwise. NaN when either sketch has no finite value.
 */
export function ksDistance(a: QuantileSketch, b: QuantileSketch): number {
  if (a.finiteCount === 0 || b.finiteCount === 0) return Number.NaN;
  const left = a.weightedPoints();
  const right = b.weightedPoints();
  const totalLeft = a.finiteCount;
  const totalRight = b.finiteCount;
  let i = 0;
  let j = 0;
  let cumulativeLeft = 0;
  let cumulativeRight = 0;
  let distance = 0;
  while (i < left.values.length || j < right.values.length) {
    const nextLeft = left.values[i] ?? Number.POSITIVE_INFINITY;
    const nextRight = right.values[j] ?? Number.POSITIVE_INFINITY;
    const x = Math.min(nextLeft, nextRight);
    while (i < left.values.length && left.values[i] === x) cumulativeLeft += left.weights[i++]!;
    while (j < right.values.length && right.values[j] === x) cumulativeRight += right.weights[j++]!;
    distance = Math.max(distance, Math.abs(cumulativeLeft / totalLeft - cumulativeRight / totalRight));
  }
  return distance;
}
