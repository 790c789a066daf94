/**
 * The gap between the two fields of an ordered pair (`shipped_at − ordered_at`), measured from the rows the
 * pair held on: kept only when it does not depend on the earlier value (a lag, not a birth date), as an
 * equi-depth histogram whose outer edges are tail quantiles (no single row's gap is written). Used by the
 * rules of one dataset (rules.ts) and by a child's field copied after its parent's (copies.ts).
 */
import type { HistogramBin, OrderedGap } from '../../tasks/types.js';
import { roundToSignificant } from '../privacy/coarsen.js';
import { POINT_MASS_SHARE } from '../privacy/line-summary.js';

/** Equi-depth bins of a measured gap (fewer when there are not k rows per bin). */
const GAP_BINS = 20;
/** Tail quantiles that are a gap histogram's outer edges (no single row's gap is written). */
const GAP_TAIL = 0.001;
const DAY_MS = 86_400_000;
/** Largest |correlation| between the earlier value and the gap for the gap to be stored. */
const MAX_GAP_CORRELATION = 0.3;

/**
 * The gap `later − earlier` of an ordered pair, row by row (epoch milliseconds for instants), in `unit`, when
 * it does not depend on the earlier value (a lag, not a birth date): b = a + gap keeps b's distribution only
 * then. Rows whose later value is its highest are left out when at least k rows hold it and it holds a point
 * mass's share of the rows or lies further beyond the others than they spread (`9999-01-01` closing every open
 * history): the later field draws that value itself (ordered-gap.ts keeps it), and their gaps would spread the
 * real lags over the centuries up to it.
 */
export function measureLag(
  earlier: readonly number[],
  later: readonly number[],
  unit: OrderedGap['unit'],
  k: number,
): OrderedGap | undefined {
  let top = Number.NEGATIVE_INFINITY;
  let topRows = 0;
  let below = Number.NEGATIVE_INFINITY;
  let lowest = Number.POSITIVE_INFINITY;
  for (const value of later) {
    if (value < lowest) lowest = value;
    if (value > top) {
      below = top;
      top = value;
      topRows = 0;
    } else if (value < top && value > below) below = value;
    if (value === top) topRows++;
  }
  const open =
    topRows >= k &&
    Number.isFinite(below) &&
    (topRows >= later.length * POINT_MASS_SHARE || top - below > below - lowest);
  const kept = later.flatMap((value, i) => (open && value === top ? [] : [i]));
  const starts = kept.map((i) => earlier[i]!);
  const gaps = kept.map((i) => later[i]! - earlier[i]!);
  if (Math.abs(correlate(starts, gaps)) > MAX_GAP_CORRELATION) return undefined;
  const perUnit = unit === 'days' ? DAY_MS : unit === 'seconds' ? 1000 : 1;
  return summarizeGap(
    gaps.map((gap) => gap / perUnit),
    unit,
    k,
  );
}

/**
 * The gap histogram of an ordered pair: equi-depth bins (each holding at least k rows) whose outer edges are
 * the p0.1 and p99.9 tail quantiles, edges rounded to 3 significant digits like every other measured number.
 * Undefined with fewer than k gaps.
 */
export function summarizeGap(
  gaps: readonly number[],
  unit: OrderedGap['unit'],
  k: number,
): OrderedGap | undefined {
  if (gaps.length < Math.max(1, k)) return undefined;
  const sorted = Float64Array.from(gaps).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor(q * sorted.length)))]!;
  const low = at(GAP_TAIL);
  // Trimmed symmetrically: as many rows above the upper edge as below the lower one.
  const high = sorted[sorted.length - 1 - Math.floor(GAP_TAIL * sorted.length)]!;
  const bins = Math.max(1, Math.min(GAP_BINS, Math.floor(sorted.length / Math.max(1, k))));
  const histogram: HistogramBin[] = [];
  let previous = roundToSignificant(low, 3);
  for (let bin = 0; bin < bins; bin++) {
    const end = bin === bins - 1 ? high : Math.min(high, Math.max(low, at((bin + 1) / bins)));
    const edge = Math.max(previous, roundToSignificant(end, 3));
    const weight = Math.round(10_000 / bins) / 10_000;
    const last = histogram.at(-1);
    // Bins that collapse onto one point (a gap repeated by many rows) are merged.
    if (last !== undefined && last[0] === previous && last[1] === edge)
      histogram[histogram.length - 1] = [previous, edge, last[2] + weight];
    else histogram.push([previous, edge, weight]);
    previous = edge;
  }
  return {
    histogram: histogram.map(([a, b, w]) => [a, b, Math.round(Number(w) * 10_000) / 10_000] as const),
    unit,
  };
}

/** Pearson correlation of two equally long series (0 when either is constant). */
export function correlate(xs: readonly number[], ys: readonly number[]): number {
  const n = Math.min(xs.length, ys.length);
  if (n < 2) return 0;
  let meanX = 0;
  let meanY = 0;
  for (let i = 0; i < n; i++) {
    meanX += xs[i]! / n;
    meanY += ys[i]! / n;
  }
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - meanX;
    const dy = ys[i]! - meanY;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
}
