/**
 * What a field's chart shows, read from the task file alone: the histogram recipe's bins; the kept values
 * of a categorical, boolean or constant recipe; bins between the stored quantiles; the kept top values; the
 * presence of a document's keys; or the length distribution. Nothing here is computed from data: every
 * number is one the profile holds (or a difference of two of them).
 */

import type { FieldTask, HistogramBin, JsonValue, LengthStats } from '../tasks/types.js';
import { readEdge } from '../validate/distributions.js';
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

const QUANTILE_NAMES = ['p5', 'p25', 'p50', 'p75', 'p95'] as const;
const QUANTILE_LEVELS: Readonly<Record<(typeof QUANTILE_NAMES)[number], number>> = {
  p5: 0.05,
  p25: 0.25,
  p50: 0.5,
  p75: 0.75,
  p95: 0.95,
};

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
  const quantileBins = binsFromKnots(quantileKnots(stats?.quantiles, stats?.min, stats?.max));
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
  const knots: [number, number][] = [];
  if (length.min !== undefined) knots.push([length.min, 0]);
  if (length.p5 !== undefined) knots.push([length.p5, 0.05]);
  knots.push([length.p50, 0.5]);
  if (length.p95 !== undefined) knots.push([length.p95, 0.95]);
  if (length.max !== undefined) knots.push([length.max, 1]);
  return binsFromKnots(knots);
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

/** `(x, F)` knots: the tail quantile `min` at 0, p5 … p95, `max` at 1 (those stored and readable). */
function quantileKnots(
  quantiles: Readonly<Record<string, number | string>> | undefined,
  min: number | string | undefined,
  max: number | string | undefined,
): [number, number][] {
  if (quantiles === undefined) return [];
  const knots: [number, number][] = [];
  if (min !== undefined) knots.push([readEdge(min), 0]);
  for (const name of QUANTILE_NAMES) {
    const value = quantiles[name];
    if (value !== undefined) knots.push([readEdge(value), QUANTILE_LEVELS[name]]);
  }
  if (max !== undefined) knots.push([readEdge(max), 1]);
  return knots.filter(([x]) => Number.isFinite(x));
}

/** One bin between each pair of neighbouring knots, weighted by the share of values between them. */
function binsFromKnots(knots: readonly (readonly [number, number])[]): Bin[] {
  const bins: Bin[] = [];
  for (let index = 1; index < knots.length; index++) {
    const [low, lowLevel] = knots[index - 1]!;
    const [high, highLevel] = knots[index]!;
    bins.push({ low, high: Math.max(low, high), weight: Math.max(0, highLevel - lowLevel) });
  }
  return bins;
}
