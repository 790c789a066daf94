/**
 * Values drawn from a histogram recipe for numbers, dates, times, timestamps and intervals: a bin by weight,
 * then uniform inside it (timestamps at the measured hours of the day), then rounded to what the type holds
 * (integers, numeric(p,s) scale and precision, days, whole or fractional seconds). Unique fields give each
 * row a rank (a seeded permutation of the row index) and place the ranks along the histogram's inverse CDF at
 * least one type step apart, so no two rows share a value and the values still follow the histogram.
 */
import type { Value } from '../../catalog/values.js';
import type { Random } from '../../shared/random.js';
import type { GeneratorRecipe, TypeTask } from '../../tasks/types.js';
import { createHistogramSampler, toNumericBins } from './distributions.js';
import { createPermutation } from './permutation.js';
import { decimalUnitLimit, integerLimits } from './type-defaults.js';
import type { BuildContext, ValueGenerator } from './value-generator.js';
import {
  formatEpochDay,
  formatEpochSeconds,
  formatScaled,
  formatTimeOfDay,
  parseEpochSeconds,
  parseTimeOfDay,
  toInteger,
} from './value-text.js';

type HistogramRecipe = Extract<GeneratorRecipe, { kind: 'histogram' }>;

const SECONDS_PER_DAY = 86400;
/**
 * Days from 1970 a date or timestamp histogram may reach either way: past 9999-12-31, the sentinel many
 * schemas close open periods with (and the last day MySQL stores), and as far back.
 */
const DATE_LIMIT_DAYS = 3_000_000;

/** How a number on the histogram's line becomes a value, and the unit step of the type. */
interface NumberLine {
  readonly toNumber: (edge: number | string) => number;
  readonly toValue: (value: number) => Value;
  /** Smallest distinct step (1 day for dates, 10^-scale for decimals, ...). */
  readonly step: number;
  readonly min: number;
  readonly max: number;
}

function asNumber(edge: number | string): number {
  return typeof edge === 'number' ? edge : Number(edge);
}

function formatInterval(seconds: number): string {
  const sign = seconds < 0 ? '-' : '';
  const absolute = Math.abs(Math.round(seconds));
  const days = Math.floor(absolute / SECONDS_PER_DAY);
  return `${sign}${days} days ${sign}${formatTimeOfDay(absolute - days * SECONDS_PER_DAY, 0)}`;
}

function numberLine(type: TypeTask, recipe: HistogramRecipe): NumberLine {
  const digits = Math.min(6, type.time_precision ?? 0);
  const secondStep = digits > 0 ? 10 ** -digits : 1;
  const roundSeconds = (value: number) =>
    digits > 0 ? Math.floor(value * 10 ** digits) / 10 ** digits : Math.floor(value);
  switch (type.logical) {
    case 'integer': {
      const [min, max] = integerLimits(type);
      return {
        toNumber: asNumber,
        toValue: (value) => {
          const rounded = Math.round(value);
          return Number.isSafeInteger(rounded) ? rounded : toInteger(BigInt(rounded));
        },
        step: 1,
        min,
        max,
      };
    }
    case 'decimal': {
      const scale = recipe.scale ?? (recipe.integer === true ? 0 : (type.scale ?? 2));
      // Largest magnitude in units of 10^-scale: numeric(p,s) holds 10^p - 1 of them (approximated below
      // 10^p past 15 digits); a numeric without precision is unbounded.
      const limit =
        type.precision === undefined
          ? Number.MAX_VALUE
          : type.precision <= 15
            ? decimalUnitLimit(type)!
            : 10 ** type.precision * (1 - 1e-12);
      return {
        toNumber: asNumber,
        toValue: (value) =>
          formatScaled(Math.max(-limit, Math.min(limit, Math.round(value * 10 ** scale))), scale),
        step: 10 ** -scale,
        min: -limit / 10 ** scale,
        max: limit / 10 ** scale,
      };
    }
    case 'date':
      return {
        toNumber: (edge) =>
          typeof edge === 'number' ? edge : Math.floor(parseEpochSeconds(edge) / SECONDS_PER_DAY),
        toValue: (value) => formatEpochDay(Math.floor(value)),
        step: 1,
        min: -DATE_LIMIT_DAYS,
        max: DATE_LIMIT_DAYS,
      };
    case 'timestamp':
    case 'timestamptz': {
      const utc = type.logical === 'timestamptz';
      return {
        toNumber: (edge) => (typeof edge === 'number' ? edge : parseEpochSeconds(edge)),
        toValue: (value) => formatEpochSeconds(roundSeconds(value), digits, utc),
        step: secondStep,
        min: -DATE_LIMIT_DAYS * SECONDS_PER_DAY,
        max: DATE_LIMIT_DAYS * SECONDS_PER_DAY,
      };
    }
    case 'time':
      return {
        toNumber: (edge) => (typeof edge === 'number' ? edge : parseTimeOfDay(edge)),
        toValue: (value) =>
          formatTimeOfDay(Math.min(SECONDS_PER_DAY - secondStep, Math.max(0, roundSeconds(value))), digits),
        step: secondStep,
        min: 0,
        max: SECONDS_PER_DAY - secondStep,
      };
    case 'interval':
      return { toNumber: asNumber, toValue: formatInterval, step: 1, min: -1e12, max: 1e12 };
    case 'float': {
      const scale = recipe.scale;
      const round =
        scale === undefined
          ? (value: number) => value
          : (value: number) => Math.round(value * 10 ** scale) / 10 ** scale;
      return {
        toNumber: asNumber,
        toValue: round,
        step: scale === undefined ? 0 : 10 ** -scale,
        min: -Number.MAX_VALUE,
        max: Number.MAX_VALUE,
      };
    }
    default: {
      const integer = recipe.integer === true;
      const scale = recipe.scale;
      return {
        toNumber: asNumber,
        toValue: (value) =>
          integer ? String(Math.round(value)) : scale === undefined ? String(value) : value.toFixed(scale),
        step: integer ? 1 : scale === undefined ? 0 : 10 ** -scale,
        min: -Number.MAX_VALUE,
        max: Number.MAX_VALUE,
      };
    }
  }
}

/**
 * A generator that reproduces the histogram's distribution, or unique values across its range. Timestamps
 * follow the measured shares of the hours of the day (`hours`, `stats.hour`): a value drawn keeps its day and
 * takes an hour by those shares; when every value fell in the first hour (dates kept in a timestamp column,
 * as many schemas do) they are midnights, unique ones too where the range has a day for every row.
 */
export function createHistogramGenerator(
  type: TypeTask,
  recipe: HistogramRecipe,
  context: BuildContext,
  unique: boolean,
  hours?: readonly number[],
): ValueGenerator {
  let line = numberLine(type, recipe);
  const bins = toNumericBins(recipe.bins ?? [], line.toNumber).filter(
    ([low, high]) => Number.isFinite(low) && Number.isFinite(high),
  );
  const binsLow = bins.length > 0 ? Math.min(...bins.map((bin) => bin[0])) : 0;
  const binsHigh = bins.length > 0 ? Math.max(...bins.map((bin) => bin[1])) : 1000;
  const timestamps = type.logical === 'timestamp' || type.logical === 'timestamptz';
  const days = bins.length > 0 ? (binsHigh - binsLow) / SECONDS_PER_DAY + 1 : 0;
  const midnights = timestamps && isFirstHourOnly(hours) && (!unique || days >= context.rows);
  if (midnights) line = atMidnight(line);
  else if (unique) line = refineForUnique(type, recipe, line, bins, context.rows);
  const low = Math.max(line.min, binsLow);
  const high = Math.min(line.max, binsHigh);
  const integer = recipe.integer === true || line.step >= 1;
  const clamp = (value: number) => {
    const rounded = integer && type.logical !== 'date' ? Math.round(value) : value;
    return Math.max(low, Math.min(high, rounded));
  };
  if (!unique) {
    const sampler = createHistogramSampler(bins, low);
    const hourOf = timestamps && !midnights && hours !== undefined ? createHourOfDay(hours) : undefined;
    if (hourOf === undefined) return (random) => line.toValue(clamp(sampler(random)));
    return (random) => line.toValue(clamp(hourOf(clamp(sampler(random)), random)));
  }
  const ranked = createUniqueRanks(bins, context.rows, line.step, line.min, line.max);
  if (ranked !== undefined) {
    const permutation = createPermutation(context.rows, context.key);
    return (random, index) => line.toValue(ranked(permutation.apply(index % context.rows), random));
  }
  // Unique over a range too narrow for the histogram: enough distinct steps for every row, from the low end.
  const step = line.step > 0 ? line.step : (high - low) / Math.max(1, context.rows);
  const span = Math.floor((high - low) / (step || 1)) + 1;
  const size = Math.max(context.rows, span, 1);
  const permutation = createPermutation(size, context.key);
  const start = Math.min(low, line.max - (size - 1) * (step || 1));
  return (_random, index) => line.toValue(start + permutation.apply(index % size) * (step || 1));
}

/** Whether measured hour shares (24 of them) put every value in the first hour of the day. */
function isFirstHourOnly(hours: readonly number[] | undefined): boolean {
  return hours?.length === 24 && hours[0]! > 0 && hours.every((share, hour) => hour === 0 || share === 0);
}

/** A timestamp line whose values are the midnights of their days, a day apart. */
function atMidnight(line: NumberLine): NumberLine {
  return {
    ...line,
    toValue: (value) => line.toValue(Math.floor(value / SECONDS_PER_DAY) * SECONDS_PER_DAY),
    step: SECONDS_PER_DAY,
  };
}

/**
 * Moves a timestamp (epoch seconds) to an hour of its day drawn by the measured `hours` shares, at a uniform
 * time within that hour; undefined when the shares are not 24 hours with some weight.
 */
function createHourOfDay(
  hours: readonly number[],
): ((seconds: number, random: Random) => number) | undefined {
  const total = hours.reduce((sum, share) => sum + Math.max(0, share), 0);
  if (hours.length !== 24 || !(total > 0)) return undefined;
  return (seconds, random) => {
    let u = random.float() * total;
    let hour = 0;
    while (hour < 23 && u >= Math.max(0, hours[hour]!)) u -= Math.max(0, hours[hour++]!);
    const day = Math.floor(seconds / SECONDS_PER_DAY) * SECONDS_PER_DAY;
    return day + hour * 3600 + random.float() * 3600;
  };
}

/**
 * Unique times and timestamps over a span with fewer whole seconds than rows take fractional seconds, as many
 * digits as needed up to the type's precision (PostgreSQL's default is microseconds), instead of leaving the
 * profiled range.
 */
function refineForUnique(
  type: TypeTask,
  recipe: HistogramRecipe,
  line: NumberLine,
  bins: readonly (readonly [number, number, number])[],
  rows: number,
): NumberLine {
  if (type.logical !== 'time' && type.logical !== 'timestamp' && type.logical !== 'timestamptz') return line;
  if (bins.length === 0) return line;
  const span = Math.max(...bins.map((bin) => bin[1])) - Math.min(...bins.map((bin) => bin[0]));
  if (!(span > 0) || span / line.step >= rows) return line;
  const limit = Math.min(6, type.time_precision ?? 6);
  const digits = Math.min(limit, Math.ceil(Math.log10(rows / span)));
  return digits > (type.time_precision ?? 0) ? numberLine({ ...type, time_precision: digits }, recipe) : line;
}

/**
 * Value of rank `r` (0..rows-1) for unique histogram fields: bin `b` gets its share of the ranks, each rank a
 * slot of at least `step` spread evenly over its range and the value drawn within its slot (evenly spaced
 * values would all fall on round times); a bin too narrow for its ranks is stretched and the bins after it
 * start where it ends, so values rise strictly with rank. Undefined when the stretched line leaves the type's
 * range (the caller falls back to a plain walk) or there are no bins.
 */
function createUniqueRanks(
  bins: readonly (readonly [number, number, number])[],
  rows: number,
  step: number,
  min: number,
  max: number,
): ((rank: number, random: Random) => number) | undefined {
  const total = bins.reduce((sum, bin) => sum + Math.max(0, bin[2]), 0);
  if (bins.length === 0 || !(total > 0) || rows < 1) return undefined;
  const snap = (value: number) => (step > 0 ? Math.ceil(value / step - 1e-9) * step : value);
  const starts: number[] = [];
  const spacings: number[] = [];
  const firstRanks: number[] = [];
  let cumulative = 0;
  let end = Number.NEGATIVE_INFINITY;
  for (const [low, high, weight] of bins) {
    const firstRank = Math.round((cumulative / total) * rows);
    cumulative += Math.max(0, weight);
    const count = Math.round((cumulative / total) * rows) - firstRank;
    const start = snap(Math.max(low, end));
    const minimum = step > 0 ? step : Math.max(Number.EPSILON * Math.abs(start) * 4, Number.MIN_VALUE);
    const spacing = Math.max(minimum, count > 0 ? (high - start) / count : 0);
    starts.push(start);
    spacings.push(spacing);
    firstRanks.push(firstRank);
    end = start + spacing * count;
  }
  if (!(starts[0]! >= min && end - (spacings.at(-1) ?? 0) <= max)) return undefined;
  return (rank, random) => {
    let b = firstRanks.length - 1;
    while (b > 0 && firstRanks[b]! > rank) b--;
    const low = starts[b]! + spacings[b]! * (rank - firstRanks[b]!);
    const spacing = spacings[b]!;
    if (step <= 0) return low + random.float() * spacing * 0.999;
    // A step of the rank's own slot [low, low + spacing), a quarter step in so that rounding or flooring
    // the value to the type's step lands on that step: slots never share one, so values stay unique.
    const first = Math.ceil(low / step - 1e-9);
    const last = Math.ceil((low + spacing) / step - 1e-9) - 1;
    const chosen = last > first ? first + random.below(last - first + 1) : first;
    return (chosen + 0.25) * step;
  };
}
