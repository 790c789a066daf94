/**
 * The `ordered` rule with a measured gap: the later field is drawn as the earlier one plus a gap from the
 * rule's gap histogram (clamped to the later field's type limits), so the earlier field keeps its own
 * distribution and the later one follows it shifted by a realistic lag, instead of two independent draws
 * swapped into order. A later field whose measured values repeat (prices on a grid, a few hundred totals)
 * keeps its own values: the sum is moved to the nearest of them that keeps the order, so the distinct count
 * stays what its recipe gives instead of every row drawing a value of its own. Values are read and written
 * in the text forms of src/catalog/values.ts.
 */
import type { Value } from '../../catalog/values.js';
import type { Random } from '../../shared/random.js';
import { StreamRandom } from '../../shared/random.js';
import type { FieldTask, OrderedGap, TypeTask } from '../../tasks/types.js';
import { createHistogramSampler, toNumericBins } from '../values/distributions.js';
import { estimateVocabulary } from '../values/measured-shape.js';
import { decimalUnitLimit, integerLimits } from '../values/type-defaults.js';
import type { ValueGenerator } from '../values/value-generator.js';
import { formatEpochDay, formatEpochSeconds, formatScaled, parseEpochSeconds } from '../values/value-text.js';

const SECONDS_PER_DAY = 86400;

/** A field's values as numbers on one axis (seconds, days or plain numbers) and back. */
export interface GapAxis {
  readonly unit: OrderedGap['unit'];
  read(value: Value): number;
  write(value: number): Value;
  readonly step: number;
  readonly min: number;
  readonly max: number;
}

function readNumber(value: Value): number {
  return typeof value === 'number'
    ? value
    : typeof value === 'string' || typeof value === 'bigint'
      ? Number(value)
      : Number.NaN;
}

export function axisOf(type: TypeTask): GapAxis | undefined {
  switch (type.logical) {
    case 'date':
      return {
        unit: 'days',
        read: (value) =>
          typeof value === 'string' ? Math.floor(parseEpochSeconds(value) / SECONDS_PER_DAY) : Number.NaN,
        write: (day) => formatEpochDay(Math.floor(day)),
        step: 1,
        min: -2_000_000,
        max: 2_000_000,
      };
    case 'timestamp':
    case 'timestamptz': {
      const digits = Math.min(6, type.time_precision ?? 0);
      const scale = 10 ** digits;
      return {
        unit: 'seconds',
        read: (value) => (typeof value === 'string' ? parseEpochSeconds(value) : Number.NaN),
        write: (seconds) =>
          formatEpochSeconds(Math.floor(seconds * scale) / scale, digits, type.logical === 'timestamptz'),
        step: 1 / scale,
        min: -1e11,
        max: 1e11,
      };
    }
    case 'integer': {
      const [min, max] = integerLimits(type);
      return { unit: 'number', read: readNumber, write: (value) => Math.round(value), step: 1, min, max };
    }
    case 'decimal': {
      const scale = type.scale ?? 0;
      const limit = (decimalUnitLimit(type) ?? Number.MAX_SAFE_INTEGER) / 10 ** scale;
      return {
        unit: 'number',
        read: readNumber,
        write: (value) => formatScaled(Math.round(value * 10 ** scale), scale),
        step: 10 ** -scale,
        min: -limit,
        max: limit,
      };
    }
    case 'float':
      return {
        unit: 'number',
        read: readNumber,
        write: (value) => value,
        step: 0,
        min: -Number.MAX_VALUE,
        max: Number.MAX_VALUE,
      };
    default:
      return undefined;
  }
}

/** Factor from a gap in `from` units to `to` units (seconds and days convert; numbers only to numbers). */
function unitFactor(from: OrderedGap['unit'], to: OrderedGap['unit']): number | undefined {
  if (from === to) return 1;
  if (from === 'days' && to === 'seconds') return SECONDS_PER_DAY;
  if (from === 'seconds' && to === 'days') return 1 / SECONDS_PER_DAY;
  return undefined;
}

/**
 * An ordered pair on its two fields' axes. `lag`: the later value from the earlier one, `earlier + gap` (a
 * null keeps its place: the null shares stay those of the fields' own recipes), moved to the nearest of `own`
 * (the later field's own values, see drawOwnValues) that keeps the order when given; a later value drawn on a
 * point mass of its own histogram that keeps the order stays, and a sum past the later field's highest drawn
 * value is drawn again (then spread below it). `after`: whether a later value keeps the order with an earlier
 * one. `spread`: a later value evenly between the earlier one and the later field's highest. Undefined when a
 * field's type has no axis or the gap's unit does not fit it.
 */
export function compileOnAxes(
  earlier: FieldTask,
  later: FieldTask,
  gap: OrderedGap,
  strict: boolean,
  own?: readonly Value[],
):
  | {
      readonly lag: (start: Value, drawn: Value, random: Random) => Value;
      readonly after: (start: Value, value: Value) => boolean;
      readonly spread: (start: Value, drawn: Value, random: Random) => Value;
    }
  | undefined {
  const from = axisOf(earlier.type);
  const to = axisOf(later.type);
  if (from === undefined || to === undefined || gap.histogram.length === 0) return undefined;
  const factor = unitFactor(gap.unit, to.unit);
  // An earlier date read on a later timestamp's axis (or the reverse) converts too.
  const crossing = unitFactor(from.unit, to.unit);
  if (factor === undefined || crossing === undefined) return undefined;
  const sampler = createHistogramSampler(toNumericBins(gap.histogram, Number), 0);
  const minimumGap = strict ? to.step || Number.MIN_VALUE : 0;
  const snap = own && createSnap(own.map((value) => to.read(value)));
  const masses = pointMasses(later, to);
  const ceiling = highestDrawn(later, to);
  /** A value in order after `start`, up to the later field's highest when `start` is below it. */
  const placeAfter = (start: number, value: number) => {
    let fitted = Math.min(to.max, Math.max(to.min, value));
    if (strict && fitted <= start) fitted = Math.min(to.max, start + (to.step || 1));
    return to.write(snap ? snap(fitted, start, strict) : fitted);
  };
  /** The earlier value on the later field's axis (NaN when it has none). */
  const startOf = (a: Value) => (a === null ? Number.NaN : from.read(a) * crossing);
  const inOrder = (start: number, at: number) => (strict ? at > start : at >= start);
  /** A value evenly between `start` and the later field's highest (`start` when that is not above it). */
  const spreadFrom = (start: number, random: Random) =>
    start < ceiling && Number.isFinite(ceiling) ? start + random.float() * (ceiling - start) : start;
  const lag = (a: Value, drawn: Value, random: Random): Value => {
    const start = startOf(a);
    if (drawn === null || !Number.isFinite(start)) return drawn;
    if (masses.size > 0) {
      const value = to.read(drawn);
      if (masses.has(value) && inOrder(start, value)) return drawn;
    }
    // A sum past the later field's own values (a late start and a long gap) is drawn again.
    let value = start + Math.max(minimumGap, sampler(random) * factor);
    for (let draw = 1; draw < LAG_DRAWS && value > ceiling && start < ceiling; draw++)
      value = start + Math.max(minimumGap, sampler(random) * factor);
    if (value > ceiling && start < ceiling) value = spreadFrom(start, random);
    return placeAfter(start, value);
  };
  const after = (a: Value, value: Value): boolean => {
    const start = startOf(a);
    return value === null || !Number.isFinite(start) || inOrder(start, to.read(value));
  };
  const spread = (a: Value, drawn: Value, random: Random): Value => {
    const start = startOf(a);
    if (drawn === null || !Number.isFinite(start)) return drawn;
    return placeAfter(start, spreadFrom(start, random));
  };
  return { lag, after, spread };
}

/** Draws of a gap whose sum passes the later field's highest value before one is spread below it. */
const LAG_DRAWS = 4;

/** The highest value a field's histogram draws but for point masses (a sentinel), on its axis. */
function highestDrawn(field: FieldTask, axis: GapAxis): number {
  const { generator } = field;
  if (generator.kind !== 'histogram') return Number.POSITIVE_INFINITY;
  let highest = Number.NEGATIVE_INFINITY;
  for (const [low, high] of generator.bins)
    if (low !== high) highest = Math.max(highest, axis.read(high as Value));
  return Number.isFinite(highest) ? highest : Number.POSITIVE_INFINITY;
}

/**
 * A gap of nothing for a rule measured without one (compileOnAxes needs a gap): such a rule moves a later
 * value that comes before the earlier one with `spread`, never with `lag`.
 */
export function zeroGap(later: FieldTask): OrderedGap {
  return { histogram: [[0, 0, 1]], unit: later.type.logical === 'date' ? 'days' : 'seconds' };
}

/**
 * A row repair setting the later field of an ordered pair from the earlier one of its row (`lag`, see
 * compileOnAxes); undefined when compileOnAxes is, and the caller then falls back to swapping.
 */
export function compileGapRepair(
  earlier: FieldTask,
  later: FieldTask,
  gap: OrderedGap,
  strict: boolean,
  own?: readonly Value[],
): ((row: Record<string, Value>, random: Random) => void) | undefined {
  const lag = compileOnAxes(earlier, later, gap, strict, own)?.lag;
  if (lag === undefined) return undefined;
  const first = earlier.name;
  const second = later.name;
  return (row, random) => {
    const drawn = row[second];
    if (drawn !== undefined) row[second] = lag(row[first] ?? null, drawn, random);
  };
}

/**
 * The point masses of a field's histogram (bins of one value: `9999-01-01` closing every open history), on
 * its axis: a later value drawn on one of them stays where it keeps the order, as the profile measured the
 * gap without the rows holding it (profile/measure/gaps.ts).
 */
function pointMasses(field: FieldTask, axis: GapAxis): Set<number> {
  const { generator } = field;
  if (generator.kind !== 'histogram') return new Set();
  return new Set(
    generator.bins.filter(([low, high]) => low === high).map(([low]) => axis.read(low as Value)),
  );
}

/** Draws of the later field's own generator per value it repeats (enough to meet nearly all of them). */
const OWN_DRAWS = 4;
const MAX_OWN_DRAWS = 50_000;
const OWN_SALT = 0x7feb352d;

/**
 * Values of `field`'s own generator for the gap repair to keep (see compileGapRepair), or undefined when its
 * measured values hardly repeat (or a person edited its recipe): seeded draws, nulls left out.
 */
export function drawOwnValues(field: FieldTask, generate: ValueGenerator, key: number): Value[] | undefined {
  const stats = field.generator.edited === true ? undefined : field.stats;
  const size = stats && estimateVocabulary(stats);
  if (size === undefined) return undefined;
  const random = new StreamRandom();
  const values: Value[] = [];
  for (let draw = 0; draw < Math.min(MAX_OWN_DRAWS, size * OWN_DRAWS); draw++) {
    const value = generate(random.reset(key ^ OWN_SALT, draw), draw);
    if (value !== null && value !== undefined) values.push(value);
  }
  return values;
}

/**
 * Moves a value to the nearest of `numbers` that stays after `start` (strictly when `strict`); a value with
 * none after the start stays as it is.
 */
function createSnap(
  numbers: readonly number[],
): ((value: number, start: number, strict: boolean) => number) | undefined {
  const sorted = [...new Set(numbers.filter(Number.isFinite))].sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  const after = (value: number, start: number, strict: boolean) => (strict ? value > start : value >= start);
  return (value, start, strict) => {
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (sorted[middle]! < value) low = middle + 1;
      else high = middle;
    }
    const above = sorted[low];
    const below = sorted[low - 1];
    const candidates = [below, above].filter(
      (candidate): candidate is number => candidate !== undefined && after(candidate, start, strict),
    );
    if (candidates.length === 0) return value;
    return candidates.reduce((best, candidate) =>
      Math.abs(candidate - value) < Math.abs(best - value) ? candidate : best,
    );
  };
}
