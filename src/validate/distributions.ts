/**
 * Distributions rebuilt from what a task file stores, and distances between them: piecewise-linear CDFs from
 * histogram bins, kept values or quantiles (numbers, dates, timestamps, times, lengths, children per
 * parent), the Kolmogorov–Smirnov distance between two such CDFs, and categorical shares with the total
 * variation distance between them. Pure; shared by profile comparison and (later) drift checks.
 */
import type { CardinalityStats, FieldTask, HistogramBin, LengthStats } from '../tasks/types.js';

/** A CDF as knots `(x, F)` with `x` and `F` non-decreasing; linear between knots, a jump where `x` repeats. */
export interface PiecewiseCdf {
  readonly xs: readonly number[];
  readonly fs: readonly number[];
}

/** Categorical shares of non-null values: the kept values and the rest as one `other` share. */
export interface CategoricalShares {
  readonly values: ReadonlyMap<string, number>;
  readonly other: number;
  /** Most share a value absent from `values` can have (rare values were kept out below k occurrences). */
  readonly rareLimit: number;
}

const QUANTILE_KNOTS: readonly (readonly [string, number])[] = [
  ['p5', 0.05],
  ['p25', 0.25],
  ['p50', 0.5],
  ['p75', 0.75],
  ['p95', 0.95],
];

/**
 * An edge of a task file as a number on its axis: numbers as they are, `YYYY-MM-DD` and ISO instants as epoch
 * milliseconds (UTC when no zone is written), `HH:MM[:SS]` as seconds since midnight. NaN when unreadable.
 */
export function readEdge(edge: number | string): number {
  if (typeof edge === 'number') return edge;
  if (/^-?\d{4,}-\d{2}-\d{2}/.test(edge)) {
    if (edge.length === 10) return Date.parse(`${edge}T00:00:00Z`);
    return Date.parse(/(Z|[+-]\d{2}(:?\d{2})?)$/.test(edge.slice(10)) ? edge : `${edge}Z`);
  }
  const time = /^(\d{2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?/.exec(edge);
  if (time !== null) return Number(time[1]) * 3600 + Number(time[2]) * 60 + Number(time[3] ?? 0);
  const number = Number(edge);
  return edge.trim() === '' ? Number.NaN : number;
}

/**
 * The CDF of equi-depth bins `[low, high, weight]`: each bin's weight spread evenly over its range (a bin whose
 * edges are equal is a point mass). Undefined when a bin is unreadable or the weights are empty.
 */
export function cdfFromBins(bins: readonly HistogramBin[]): PiecewiseCdf | undefined {
  const total = bins.reduce((sum, bin) => sum + Math.max(0, bin[2]), 0);
  if (bins.length === 0 || !(total > 0)) return undefined;
  const xs: number[] = [];
  const fs: number[] = [];
  let cumulative = 0;
  for (const [lowEdge, highEdge, weight] of bins) {
    const low = readEdge(lowEdge);
    const high = readEdge(highEdge);
    if (!Number.isFinite(low) || !Number.isFinite(high) || high < low) return undefined;
    const start = Math.max(low, xs.at(-1) ?? low);
    xs.push(start);
    fs.push(cumulative);
    cumulative += Math.max(0, weight) / total;
    xs.push(Math.max(start, high));
    fs.push(Math.min(1, cumulative));
  }
  return { xs, fs };
}

/**
 * The CDF through stored quantiles: `min` (F = 0), p5, p25, p50, p75, p95, `max` (F = 1), linear between them.
 * `min`/`max` are the profile's tail quantiles (p0.1, p99.9). Undefined without quantiles.
 */
export function cdfFromQuantiles(
  quantiles: Readonly<Record<string, number | string>> | undefined,
  min: number | string | undefined,
  max: number | string | undefined,
): PiecewiseCdf | undefined {
  if (quantiles === undefined) return undefined;
  const knots: [number, number][] = [];
  if (min !== undefined) knots.push([readEdge(min), 0]);
  for (const [name, q] of QUANTILE_KNOTS) {
    const value = quantiles[name];
    if (value !== undefined) knots.push([readEdge(value), q]);
  }
  if (max !== undefined) knots.push([readEdge(max), 1]);
  return cdfFromKnots(knots);
}

/**
 * The smallest KS distance two length distributions can have given their quantiles (`min`, p5, p50, p95,
 * `max`). Lengths are whole numbers, so a quantile only bounds the CDF on each side of it (F(x) ≥ q from the
 * quantile on, F(x) ≤ q below it), and interpolating between quantiles would turn a p50 that moves by one
 * character between two samples of the same distribution into a large distance. Zero when one distribution
 * fits both sets of quantiles.
 */
export function lengthKsBound(a: LengthStats, b: LengthStats): number {
  const knotsA = lengthKnots(a);
  const knotsB = lengthKnots(b);
  // The bounds are step functions that change only at a knot: checking each knot and the length before it
  // covers every step (a loop over all lengths would cost the longest length).
  const points = [...knotsA, ...knotsB].flatMap(([length]) => [length - 1, length]);
  let distance = 0;
  for (const x of points) {
    const [lowA, highA] = boundsAt(knotsA, x);
    const [lowB, highB] = boundsAt(knotsB, x);
    distance = Math.max(distance, lowA - highB, lowB - highA);
  }
  return distance;
}

/** `(length, q)` knots of a length distribution: `min` at 0, p5, p50, p95, `max` at 1 (those stored). */
export function lengthKnots(length: LengthStats): [number, number][] {
  const knots: [number, number][] = [];
  if (length.min !== undefined) knots.push([length.min, 0]);
  if (length.p5 !== undefined) knots.push([length.p5, 0.05]);
  knots.push([length.p50, 0.5]);
  if (length.p95 !== undefined) knots.push([length.p95, 0.95]);
  if (length.max !== undefined) knots.push([length.max, 1]);
  return knots;
}

/** The range F(x) may take given quantile knots [length, q]. */
function boundsAt(knots: readonly [number, number][], x: number): [number, number] {
  let low = 0;
  let high = 1;
  for (const [length, q] of knots) {
    if (x >= length) low = Math.max(low, q);
    else high = Math.min(high, q);
  }
  return [low, high];
}

/** The CDF of children per parent: its histogram (zeros included), or its p50/p95/max when there is none. */
/**
 * The step CDF of a field whose (unedited) categorical recipe keeps every value (no `other` share): a jump of
 * each value's weight at the value. Undefined otherwise, or when a value is not a number, date or time.
 */
export function cdfFromCategorical(field: FieldTask): PiecewiseCdf | undefined {
  const recipe = field.generator;
  if (recipe.kind !== 'categorical' || recipe.edited || recipe.other !== undefined) return undefined;
  // Each value a bin with equal edges: a point mass of its weight.
  const points = Object.entries(recipe.weights).map(
    ([value, weight]): HistogramBin => [value, value, weight],
  );
  return cdfFromBins(points.sort((a, b) => readEdge(a[0]) - readEdge(b[0])));
}

export function cdfFromCardinality(cardinality: CardinalityStats): PiecewiseCdf | undefined {
  if (cardinality.histogram.length > 0) return cdfFromBins(cardinality.histogram);
  return cdfFromKnots([
    [0, 0],
    [cardinality.p50, 0.5],
    [cardinality.p95, 0.95],
    [cardinality.max, 1],
  ]);
}

/** Knots sorted by probability, made monotone in x; the first is lifted to F = 0 and the last to F = 1. */
function cdfFromKnots(knots: readonly (readonly [number, number])[]): PiecewiseCdf | undefined {
  const finite = knots.filter(([x]) => Number.isFinite(x));
  if (finite.length < 2) return undefined;
  const xs: number[] = [];
  const fs: number[] = [];
  for (const [x, f] of finite) {
    xs.push(Math.max(x, xs.at(-1) ?? x));
    fs.push(f);
  }
  fs[0] = 0;
  fs[fs.length - 1] = 1;
  return { xs, fs };
}

/** F(x): right-continuous (the top of a jump at `x`). */
export function evaluateCdf(cdf: PiecewiseCdf, x: number): number {
  const { xs } = cdf;
  if (x < xs[0]!) return 0;
  if (x >= xs[xs.length - 1]!) return 1;
  let k = upperBound(xs, x) - 1; // last knot with xs[k] <= x
  if (k < 0) k = 0;
  return interpolate(cdf, k, x);
}

/** F(x-): the left limit (the bottom of a jump at `x`). */
export function evaluateCdfBefore(cdf: PiecewiseCdf, x: number): number {
  const { xs, fs } = cdf;
  if (x <= xs[0]!) return 0;
  if (x > xs[xs.length - 1]!) return 1;
  const k = lowerBound(xs, x); // first knot with xs[k] >= x
  if (xs[k] === x) return fs[k]!;
  return interpolate(cdf, k - 1, x);
}

function interpolate(cdf: PiecewiseCdf, k: number, x: number): number {
  const x0 = cdf.xs[k]!;
  const f0 = cdf.fs[k]!;
  const x1 = cdf.xs[k + 1];
  const f1 = cdf.fs[k + 1];
  if (x1 === undefined || f1 === undefined || x1 === x0) return f0;
  return f0 + ((f1 - f0) * (x - x0)) / (x1 - x0);
}

function lowerBound(xs: readonly number[], x: number): number {
  let low = 0;
  let high = xs.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (xs[mid]! < x) low = mid + 1;
    else high = mid;
  }
  return low;
}

function upperBound(xs: readonly number[], x: number): number {
  let low = 0;
  let high = xs.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (xs[mid]! <= x) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * sup |F_a(x) - F_b(x)|. Both CDFs are linear between knots, so the supremum is reached at a knot of either
 * one, approached from the left or taken at it; checking those points is exact for these CDFs.
 */
export function ksBetween(a: PiecewiseCdf, b: PiecewiseCdf): number {
  let distance = 0;
  for (const x of [...a.xs, ...b.xs]) {
    distance = Math.max(
      distance,
      Math.abs(evaluateCdf(a, x) - evaluateCdf(b, x)),
      Math.abs(evaluateCdfBefore(a, x) - evaluateCdfBefore(b, x)),
    );
  }
  return distance;
}

/**
 * The categorical shares a field task records: a categorical recipe's weights and other share, a boolean's
 * true share, a constant, or else the stats' top values. `k` and the non-null count bound the share a value
 * left out of the kept ones can have. Undefined when the task records no values at all.
 */
export function readCategoricalShares(field: FieldTask, k: number): CategoricalShares | undefined {
  const generator = field.generator;
  const count = field.stats?.count ?? 0;
  const rareLimit = count > 0 ? Math.min(1, k / count) : 1;
  const values = new Map<string, number>();
  if (generator.kind === 'categorical' && !generator.edited) {
    for (const [value, weight] of Object.entries(generator.weights)) values.set(value, weight);
  } else if (generator.kind === 'boolean' && !generator.edited) {
    values.set('true', generator.true_share);
    values.set('false', 1 - generator.true_share);
  } else if (generator.kind === 'constant' && !generator.edited) {
    values.set(typeof generator.value === 'string' ? generator.value : JSON.stringify(generator.value), 1);
  } else {
    for (const entry of field.stats?.top ?? [])
      values.set(typeof entry.value === 'string' ? entry.value : JSON.stringify(entry.value), entry.share);
  }
  if (values.size === 0) return undefined;
  const kept = [...values.values()].reduce((sum, share) => sum + share, 0);
  return { values, other: Math.max(0, 1 - kept), rareLimit };
}

/**
 * The shares of an array field's whole arrays: its (unedited) array recipe's combinations (as JSON text) and
 * the rest as `other`. An array recipe without combinations is all rest (none was seen k times).
 */
export function readCombinationShares(field: FieldTask, k: number): CategoricalShares | undefined {
  const generator = field.generator;
  if (generator.kind !== 'array' || generator.edited) return undefined;
  const count = field.stats?.count ?? 0;
  const rareLimit = count > 0 ? Math.min(1, k / count) : 1;
  const values = new Map<string, number>();
  for (const [combination, share] of generator.combinations ?? [])
    values.set(JSON.stringify(combination), share);
  const kept = [...values.values()].reduce((sum, share) => sum + share, 0);
  return { values, other: Math.max(0, 1 - kept), rareLimit };
}

/**
 * Total variation distance ½ Σ |p - q| over the values kept on either side plus one `other` bucket. A value
 * kept on one side only may hide in the other side's `other` share (it was rare there): it is given as much of
 * that share as it can have (at most the share k occurrences make), so the result is the smallest distance
 * consistent with both task files.
 */
export function tvBetween(a: CategoricalShares, b: CategoricalShares): number {
  let otherA = a.other;
  let otherB = b.other;
  let sum = 0;
  for (const [value, p] of a.values) {
    const q = b.values.get(value);
    if (q !== undefined) {
      sum += Math.abs(p - q);
      continue;
    }
    const hidden = Math.min(p, otherB, b.rareLimit);
    otherB -= hidden;
    sum += p - hidden;
  }
  for (const [value, q] of b.values) {
    if (a.values.has(value)) continue;
    const hidden = Math.min(q, otherA, a.rareLimit);
    otherA -= hidden;
    sum += q - hidden;
  }
  return Math.min(1, (sum + Math.abs(otherA - otherB)) / 2);
}
