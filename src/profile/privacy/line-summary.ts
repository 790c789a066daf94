/**
 * What the privacy filter keeps of a line-like field (numbers, dates, times, timestamps, intervals): quantiles,
 * tails and an equi-depth histogram, all coarsened (coarsen.ts), and the point masses of kept values the
 * sketch would misplace. Outer edges are tail quantiles (p0.1, p99.9), never the true minimum or maximum,
 * unless a value seen at least k times sits there.
 */
import { parseInstant } from '../../catalog/line-numbers.js';
import type { HistogramBin, PrivacySettings } from '../../tasks/types.js';
import type { LineMeasure } from '../measure/measure.js';
import { equiDepthBins } from '../measure/sketches/histogram.js';
import type { QuantileSketch, WeightedPoints } from '../measure/sketches/quantile-sketch.js';
import {
  chooseEdgeFormat,
  type EdgeFormat,
  formatEdge,
  roundToPlaces as round,
  roundToSignificant,
} from './coarsen.js';
import type { SafeSummary } from './privacy.js';

/** Tail quantiles used as outer edges instead of the true extremes. */
export const LOW_TAIL = 0.001;
export const HIGH_TAIL = 0.999;
const HISTOGRAM_BINS = 20;

/**
 * Quantiles, tails and histogram of a line-like field, coarsened; returns the histogram bins. Kept values
 * (`kept`: seen at least k times), and the exact ends that k rows hold, that the sketch misplaces are point
 * masses at their exact values.
 */
export function describeLine(
  line: LineMeasure,
  personal: boolean,
  settings: PrivacySettings,
  stats: Record<string, unknown>,
  kept: SafeSummary['kept'],
): HistogramBin[] {
  const low = line.sketch.quantile(LOW_TAIL);
  const high = line.sketch.quantile(HIGH_TAIL);
  if (personal) {
    // Shape only: a one-digit range between the 5th and 95th percentiles.
    const coarse = chooseEdgeFormat(line.axis, 1, low, high);
    const from = formatEdge(coarse, line.sketch.quantile(0.05));
    const to = formatEdge(coarse, line.sketch.quantile(0.95));
    return [[from, to, 1]];
  }
  const format = { ...chooseEdgeFormat(line.axis, settings.digits, low, high), integer: line.integer };
  stats.min = formatEdge(format, low);
  stats.max = formatEdge(format, high);
  if (line.axis === 'number') {
    stats.mean = formatEdge({ ...format, integer: false }, line.mean);
    stats.stddev = roundToSignificant(line.stddev, settings.digits);
    stats.integer = line.integer;
    if (line.decimals !== undefined) stats.decimals = line.decimals;
  }
  stats.quantiles = describeQuantiles(line.sketch, format);
  if (line.monotonic) stats.monotonic = true;
  if (line.weekday !== undefined && isInformative(line.weekday))
    stats.weekday = line.weekday.map((x) => round(x, 3));
  if (line.hour !== undefined && isInformative(line.hour)) stats.hour = line.hour.map((x) => round(x, 3));
  const points = distinctPoints(line.sketch.weightedPoints());
  const plain = equiDepthBins(line.sketch, HISTOGRAM_BINS, {
    lowQuantile: LOW_TAIL,
    highQuantile: HIGH_TAIL,
  });
  const masses = findPointMasses(points.values, massCandidates(line, kept, settings.k), format, plain);
  if (masses.length === 0) return coarsenBins(plain, format);
  // What the sketch wrote for a mass is the mass's exact value.
  const exact = new Map(masses.map((mass) => [mass.sketched, formatEdge(format, mass.value)]));
  const fix = (edge: number | string) => exact.get(edge) ?? edge;
  stats.min = fix(stats.min as number | string);
  stats.max = fix(stats.max as number | string);
  const quantiles = stats.quantiles as Record<string, number | string>;
  for (const name of Object.keys(quantiles)) quantiles[name] = fix(quantiles[name]!);
  return describeBinsAround(points, line.sketch.finiteCount, masses, format);
}

/** The points with the weights of equal ones summed (an exact sketch has a point per value). */
function distinctPoints({ values, weights }: WeightedPoints): WeightedPoints {
  const distinct: number[] = [];
  const summed: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if (distinct.length > 0 && distinct[distinct.length - 1] === values[i])
      summed[summed.length - 1]! += weights[i]!;
    else {
      distinct.push(values[i]!);
      summed.push(weights[i]!);
    }
  }
  return { values: Float64Array.from(distinct), weights: Float64Array.from(summed) };
}

/** A kept value holding at least this share of a line field's values is a point mass of its histogram. */
export const POINT_MASS_SHARE = 1 / HISTOGRAM_BINS;

interface PointMass {
  /** The exact value, on the line (epoch milliseconds for dates and timestamps). */
  readonly value: number;
  readonly share: number;
  /** The sketch's point (bucket) nearest the value, and that point as the sketch writes it, coarsened. */
  readonly point: number;
  readonly sketched: number | string;
}

/**
 * The values that may be point masses, on the line with their shares: the kept values, and the field's exact
 * lowest and highest values when at least k rows hold them (the privacy rule of kept values).
 */
function massCandidates(
  line: LineMeasure,
  kept: SafeSummary['kept'],
  k: number,
): { readonly value: number; readonly share: number }[] {
  const onLine = (value: string) =>
    line.axis === 'number' ? Number(value) : line.axis === 'time' ? Number.NaN : parseInstant(value);
  const candidates = kept.map((entry) => ({ value: onLine(entry.value), share: entry.share }));
  const count = line.sketch.finiteCount;
  for (const end of line.ends ?? [])
    if (end.rows >= Math.max(1, k) && !candidates.some((candidate) => candidate.value === end.value))
      candidates.push({ value: end.value, share: end.rows / count });
  return candidates.filter((candidate) => Number.isFinite(candidate.value));
}

/**
 * Candidates that hold a bin's worth of the field and that the sketch misplaces once coarsened, or that a bin
 * of the plain histogram (`plain`) reaches across over half its range: a sentinel far from the median the
 * sketch's errors are measured from (`9999-01-01` closing each history lands about a year and a half off)
 * would otherwise be generated off its value, and the bin from the last real value up to it spread over the
 * centuries between.
 */
function findPointMasses(
  points: Float64Array,
  candidates: readonly { readonly value: number; readonly share: number }[],
  format: EdgeFormat,
  plain: readonly (readonly [number, number, number])[],
): PointMass[] {
  const span = plain.length === 0 ? 0 : plain[plain.length - 1]![1] - plain[0]![0];
  const beyondVoid = (at: number) =>
    plain.some(([low, high]) => (low === at || high === at) && high - low > span / 2);
  const masses: PointMass[] = [];
  for (const { value, share } of candidates) {
    if (share < POINT_MASS_SHARE || points.length === 0) continue;
    let point = 0;
    for (let i = 1; i < points.length; i++)
      if (Math.abs(points[i]! - value) < Math.abs(points[point]! - value)) point = i;
    const sketched = formatEdge(format, points[point]!);
    if (sketched !== formatEdge(format, value) || beyondVoid(points[point]!))
      masses.push({ value, share, point, sketched });
  }
  return masses;
}

/**
 * The histogram of the values besides the point masses (the sketch's points, the masses' counts taken out of
 * their points, cut into equi-depth bins between the tails), with each mass as a bin of its exact value.
 */
function describeBinsAround(
  { values, weights }: WeightedPoints,
  count: number,
  masses: readonly PointMass[],
  format: EdgeFormat,
): HistogramBin[] {
  const left = Float64Array.from(weights);
  for (const mass of masses) left[mass.point] = Math.max(0, left[mass.point]! - mass.share * count);
  const total = left.reduce((sum, weight) => sum + weight, 0);
  const rest = 1 - masses.reduce((sum, mass) => sum + mass.share, 0);
  /** The value at `rank` (a share of the rest) among the rest's points. */
  const at = (rank: number) => {
    let cumulative = 0;
    for (let i = 0; i < values.length; i++) {
      cumulative += left[i]!;
      if (cumulative >= rank * total && left[i]! > 0) return values[i]!;
    }
    return values[values.length - 1]!;
  };
  const raw: [number, number, number][] = [];
  if (total > 0 && rest > 0)
    for (let i = 0; i < HISTOGRAM_BINS; i++) {
      const from = LOW_TAIL + ((HIGH_TAIL - LOW_TAIL) * i) / HISTOGRAM_BINS;
      const to = LOW_TAIL + ((HIGH_TAIL - LOW_TAIL) * (i + 1)) / HISTOGRAM_BINS;
      raw.push([at(from), at(to), rest / HISTOGRAM_BINS]);
    }
  for (const mass of masses) raw.push([mass.value, mass.value, mass.share]);
  raw.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return coarsenBins(raw, format);
}

function describeQuantiles(sketch: QuantileSketch, format: EdgeFormat): Record<string, number | string> {
  const quantiles: Record<string, number | string> = {};
  for (const [name, q] of [
    ['p5', 0.05],
    ['p25', 0.25],
    ['p50', 0.5],
    ['p75', 0.75],
    ['p95', 0.95],
  ] as const)
    quantiles[name] = formatEdge(format, sketch.quantile(q));
  return quantiles;
}

/** Bins with their edges coarsened, those that collapse into one edge pair merged, weights summing to 1. */
function coarsenBins(
  raw: readonly (readonly [number, number, number])[],
  format: EdgeFormat,
): HistogramBin[] {
  const bins: [number | string, number | string, number][] = [];
  // A bin narrower than the coarse unit (some hours of one day, flights over a week) would read as a point
  // mass at midnight: its weight goes half to the bin ending where it lies, half to the one starting there.
  let carried = 0;
  for (const [lo, hi, weight] of raw) {
    const from = formatEdge(format, lo);
    const to = formatEdge(format, hi);
    const last = bins[bins.length - 1];
    if (from === to && hi > lo) {
      const before = last !== undefined && last[1] === from && last[0] !== from;
      if (before) last[2] += weight / 2;
      carried += before ? weight / 2 : weight;
      continue;
    }
    if (last !== undefined && last[0] === from && last[1] === to) last[2] += weight + carried;
    else bins.push([from, to, weight + carried]);
    carried = 0;
  }
  const last = bins[bins.length - 1];
  if (last !== undefined) last[2] += carried;
  else if (raw.length > 0) bins.push([formatEdge(format, raw[0]![0]), formatEdge(format, raw.at(-1)![1]), 1]);
  const total = bins.reduce((sum, bin) => sum + bin[2], 0);
  return bins.map(([from, to, weight]) => [from, to, round(total === 0 ? 0 : weight / total, 4)] as const);
}

/** A weekday or hour shape is worth keeping when it is not flat (some share differs from uniform by 30%). */
function isInformative(shares: readonly number[]): boolean {
  const uniform = 1 / shares.length;
  return shares.some((x) => Math.abs(x - uniform) > uniform * 0.3);
}
