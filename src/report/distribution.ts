/**
 * What a field's chart shows, read from the task file alone: the histogram recipe's bins; the kept values
 * of a categorical, boolean or constant recipe; bins between the stored quantiles; the kept top values; the
 * presence of a document's keys; or the length distribution. Nothing here is computed from data: every
 * number is one the profile holds (or a difference of two of them).
 */

import type { FieldTask, HistogramBin, JsonValue, LengthStats } from '../tasks/types.js';
import { cdfFromQuantiles, lengthKnots, type PiecewiseCdf, readEdge } from '../validate/distributions.js';
import type { AxisKind } from './format.js';

/** Where the marks of a chart come from. */
export type ChartBasis =
  | 'histogram'
  | 'quantiles'
  | 'lengths'
  | 'weights'
  | 'boolean'
  | 'constant'
  | 'top values'
  | 'key presence'
  | 'none';

/** A range of the axis and the share of values in it; `low === high` is a point mass. */
export interface Bin {
  readonly low: number;
  readonly high: number;
  readonly weight: number;
}

export interface BinsDistribution {
  readonly kind: 'bins';
  readonly basis: 'histogram' | 'quantiles' | 'lengths';
  readonly axis: AxisKind;
  readonly bins: readonly Bin[];
}

export interface ValueShare {
  readonly label: string;
  readonly share: number;
}

export interface ValuesDistribution {
  readonly kind: 'values';
  readonly basis: 'weights' | 'boolean' | 'constant' | 'top values' | 'key presence';
  readonly values: readonly ValueShare[];
  /** Share of the rare values kept out of the profile (a categorical recipe's `other` bucket). */
  readonly other?: number;
}

export interface NoDistribution {
  readonly kind: 'none';
  readonly basis: 'none';
}

export type FieldDistribution = BinsDistribution | ValuesDistribution | NoDistribution;

/** The axis a field's values lie on. */
export function axisOf(field: FieldTask): AxisKind {
  const logical = field.type.logical;
  if (logical === 'time') return 'time';
  if (logical === 'date' || logical === 'timestamp' || logical === 'timestamptz') return 'date';
  return 'number';
}

/** The distribution a field's chart draws, chosen from the richest thing its task file holds. */
export function distributionOf(field: FieldTask): FieldDistribution {
  const recipe = field.generator;
  const stats = field.stats;
  if (recipe.kind === 'histogram') {
    const bins = readBins(recipe.bins);
    if (bins !== undefined) return { kind: 'bins', basis: 'histogram', axis: axisOf(field), bins };
  }
  if (recipe.kind === 'categorical')
    return {
      kind: 'values',
      basis: 'weights',
      values: Object.entries(recipe.weights).map(([label, share]) => ({ label, share })),
      ...(recipe.other === undefined ? {} : { other: recipe.other.share }),
    };
  if (recipe.kind === 'boolean')
    return {
      kind: 'values',
      basis: 'boolean',
      values: [
        { label: 'true', share: recipe.true_share },
        { label: 'false', share: 1 - recipe.true_share },
      ],
    };
  if (recipe.kind === 'constant')
    return { kind: 'values', basis: 'constant', values: [{ label: labelOf(recipe.value), share: 1 }] };
  // The same distribution the comparison's KS distance is computed on (docs/validating.md).
  const quantileBins = binsFromCdf(cdfFromQuantiles(stats?.quantiles, stats?.min, stats?.max));
  if (quantileBins.length > 0)
    return { kind: 'bins', basis: 'quantiles', axis: axisOf(field), bins: quantileBins };
  if (stats?.top !== undefined && stats.top.length > 0)
    return {
      kind: 'values',
      basis: 'top values',
      values: stats.top.map((entry) => ({ label: labelOf(entry.value), share: entry.share })),
    };
  const keys = (field.fields ?? []).filter((child) => child.stats?.presence !== undefined);
  if (keys.length > 0)
    return {
      kind: 'values',
      basis: 'key presence',
      values: keys.map((child) => ({ label: child.name, share: child.stats?.presence ?? 0 })),
    };
  const length = recipe.kind === 'array' || recipe.kind === 'text' ? recipe.length : stats?.length;
  const lengthBins = length === undefined ? [] : lengthBinsOf(length);
  if (lengthBins.length > 0) return { kind: 'bins', basis: 'lengths', axis: 'number', bins: lengthBins };
  return { kind: 'none', basis: 'none' };
}

/** Bins between a length distribution's stored quantiles (`min`, p5, p50, p95, `max`). */
export function lengthBinsOf(length: LengthStats): Bin[] {
  const knots = lengthKnots(length);
  return binsFromCdf({ xs: knots.map(([x]) => x), fs: knots.map(([, level]) => level) });
}

/** A value as a label: strings as they are, anything else as JSON. */
export function labelOf(value: JsonValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function readBins(bins: readonly HistogramBin[]): Bin[] | undefined {
  const read = bins.map(([low, high, weight]) => ({ low: readEdge(low), high: readEdge(high), weight }));
  return read.length > 0 && read.every((bin) => Number.isFinite(bin.low) && Number.isFinite(bin.high))
    ? read
    : undefined;
}

/** One bin between each pair of neighbouring knots of a CDF, weighted by the share of values between them. */
function binsFromCdf(cdf: PiecewiseCdf | undefined): Bin[] {
  const bins: Bin[] = [];
  if (cdf === undefined) return bins;
  for (let index = 1; index < cdf.xs.length; index++) {
    const low = cdf.xs[index - 1]!;
    bins.push({
      low,
      high: Math.max(low, cdf.xs[index]!),
      weight: Math.max(0, cdf.fs[index]! - cdf.fs[index - 1]!),
    });
  }
  return bins;
}
