/**
 * Numbers, dates, times and timestamps: values on a line. Each value is mapped to a number (epoch milliseconds
 * for dates and timestamps, seconds since midnight for times) and fed to a quantile sketch and running moments;
 * the accumulator also notices whole numbers, decimal digits used, rising sequences, and weekday/hour shape.
 */

import {
  DAY_MS,
  DIGITS_SHIFT,
  decimalDigits,
  HOUR_MS,
  type LineColumn,
  parseInstant,
  parseShortDecimal,
} from '../../../catalog/line-numbers.js';
import type { LogicalType } from '../../../catalog/logical-type.js';
import type { Value } from '../../../catalog/values.js';
import type { LineAxis } from '../measure.js';
import { Moments } from '../sketches/moments.js';
import { QuantileSketch } from '../sketches/quantile-sketch.js';
import { BaseAccumulator } from './base-accumulator.js';

/**
 * The milliseconds of epoch time `x` since the start of its UTC day `day` (`Math.floor(x / DAY_MS)`), without
 * a floating-point remainder per value: the subtraction is exact (a `day` rounded one off near midnight is
 * set right), so whole milliseconds give what `((x % DAY_MS) + DAY_MS) % DAY_MS` gives, and fractions the
 * exact value where that rounds.
 */
export function millisecondOfDay(x: number, day: number): number {
  const ms = x - day * DAY_MS;
  if (ms < 0) return ms + DAY_MS;
  return ms >= DAY_MS ? ms - DAY_MS : ms;
}

const INTERVAL_UNITS: Readonly<Record<string, number>> = {
  year: 365.25 * 86_400,
  mon: 30 * 86_400,
  week: 7 * 86_400,
  day: 86_400,
  hour: 3_600,
  min: 60,
  sec: 1,
};
const INTERVAL_PART =
  /([+-]?\d+(?:\.\d+)?)\s*(year|mon|week|day|hour|min|sec)[a-z]*|([+-])?(\d+):(\d{2}):(\d{2}(?:\.\d+)?)/g;

/**
 * Parses a PostgreSQL interval as text (`1 year 2 mons 3 days -04:05:06.5`, `00:00:01`) to seconds, with
 * PostgreSQL's own 365.25-day years and 30-day months; NaN when nothing in it is an interval part.
 */
export function parseIntervalSeconds(text: string): number {
  let seconds = 0;
  let parts = 0;
  for (const match of text.matchAll(INTERVAL_PART)) {
    parts++;
    if (match[2] !== undefined) seconds += Number(match[1]) * (INTERVAL_UNITS[match[2]] ?? 0);
    else {
      const clock = Number(match[4]) * 3600 + Number(match[5]) * 60 + Number(match[6]);
      seconds += match[3] === '-' ? -clock : clock;
    }
  }
  return parts > 0 ? seconds : Number.NaN;
}

/** Parses `HH:MM:SS[.ffffff][±hh[:mm]]` to seconds since midnight (the zone is ignored); NaN otherwise. */
export function parseTimeOfDay(text: string): number {
  if (text.length < 8 || text.charCodeAt(2) !== 58) return Number.NaN;
  const zone = text.slice(8).search(/[+-]/);
  const secondsText = zone < 0 ? text.slice(6) : text.slice(6, 8 + zone);
  return Number(text.slice(0, 2)) * 3600 + Number(text.slice(3, 5)) * 60 + Number(secondsText);
}

/**
 * Dates and timestamps are epoch milliseconds, whose zero (1970) means nothing: errors are measured from the
 * median of the exact phase, 0.02% of the distance from it. Dates of birth around 1970 no longer collapse into
 * one bucket, a table of the last six hours keeps its seconds, and a two-century span is resolved to two
 * weeks at its outer tails (days where most values are); 32,768 buckets per side reach an hour of the median.
 */
const DATED_SKETCH = { relativeAccuracy: 0.0002, maxBuckets: 32_768, origin: 'median' } as const;

/**
 * Numbers and times of day (seconds since midnight) measure errors from the median of the first values (the
 * exact phase), 0.1% of the distance from it: a narrow band far from zero (years, latitudes, prices around
 * 1000, business hours) keeps its shape, and 8,192 buckets per side reach from the median out to the tails
 * before the nearest values collapse into it.
 */
const NUMBER_SKETCH = { relativeAccuracy: 0.001, maxBuckets: 8192, origin: 'median' } as const;

/** Decimals a float may show and still count as written to a scale (beyond: measured noise, not a shape). */
const MAX_FLOAT_SCALE = 8;

const AXIS: Partial<Record<LogicalType, LineAxis>> = {
  date: 'date',
  time: 'time',
  timestamp: 'timestamp',
  timestamptz: 'timestamptz',
};

export class LineAccumulator extends BaseAccumulator {
  private readonly axis: LineAxis;
  private readonly sketch: QuantileSketch;
  private readonly moments = new Moments();
  private integer = true;
  private rises = 0;
  private steps = 0;
  private previous = Number.NaN;
  private lowest = Number.POSITIVE_INFINITY;
  private lowestRows = 0;
  private highest = Number.NEGATIVE_INFINITY;
  private highestRows = 0;
  private precision = 0;
  private scale = 0;
  /** A binary float carried more decimals than a person or a price ever writes: no measured scale. */
  private unboundedScale = false;
  /** Dates and timestamps (epoch milliseconds; weekdays are counted). */
  private readonly dated: boolean;
  private readonly weekdays: Float64Array | null;
  private readonly hours: Float64Array | null;
  /** JSON numbers report `integer` when every value was whole. */
  private readonly refineInteger: boolean;

  constructor(logical: LogicalType, options: { refineInteger?: boolean } = {}) {
    super(logical, true);
    this.axis = AXIS[logical] ?? 'number';
    this.sketch = new QuantileSketch(
      this.axis === 'number' || this.axis === 'time' ? NUMBER_SKETCH : DATED_SKETCH,
    );
    this.refineInteger = options.refineInteger ?? false;
    this.dated = this.axis === 'date' || this.axis === 'timestamp' || this.axis === 'timestamptz';
    this.weekdays = this.dated ? new Float64Array(7) : null;
    this.hours =
      this.axis === 'timestamp' || this.axis === 'timestamptz' || this.axis === 'time'
        ? new Float64Array(24)
        : null;
  }

  protected addValue(value: Value): void {
    const x = this.toNumber(value);
    if (!Number.isFinite(x)) {
      this.mismatched++;
      return;
    }
    this.addPoint(x, this.offerTop(value as string | number | bigint));
  }

  /**
   * Adds a column read as numbers (integers, decimals, dates, timestamps): a row's number is the one
   * `toNumber` makes of its value, which is needed only while the heavy-hitter sketch takes values (a
   * decimal's digits come with the column). A column of another kind than this line's, and any row not read
   * as a number, goes through its values.
   */
  addNumbers(column: LineColumn): void {
    const { numbers } = column;
    const decimal = column.kind === 'decimal';
    const onLine =
      column.kind === 'instant' ? this.dated : this.axis === 'number' && this.logical !== 'interval';
    for (let i = 0; i < numbers.length; i++) {
      const x = numbers[i]!;
      if (!onLine || !Number.isFinite(x)) {
        this.add(column.value(i));
        continue;
      }
      this.rows++;
      if (decimal) this.noteDigits(column.digits(i));
      this.addPoint(x, this.offersTop() && this.offerTop(column.value(i) as string));
    }
  }

  /**
   * Adds the finite number `x` of a value; `known` when the heavy-hitter sketch holds the value already, which
   * was then counted as distinct before (the same text, the same number) and is not hashed again.
   */
  private addPoint(x: number, known: boolean): void {
    if (!known) this.distinct.addNumber(x);
    this.sketch.add(x);
    this.moments.add(x);
    if (this.integer && !Number.isInteger(x)) this.integer = false;
    if (!Number.isNaN(this.previous)) {
      this.steps++;
      if (x > this.previous) this.rises++;
    }
    this.previous = x;
    if (x <= this.lowest) {
      if (x < this.lowest) {
        this.lowest = x;
        this.lowestRows = 0;
      }
      this.lowestRows++;
    }
    if (x >= this.highest) {
      if (x > this.highest) {
        this.highest = x;
        this.highestRows = 0;
      }
      this.highestRows++;
    }
    // Days since 1970 for dates and timestamps (those count weekdays).
    const day = this.weekdays === null ? 0 : Math.floor(x / DAY_MS);
    if (this.weekdays !== null) {
      const weekday = (day + 3) % 7;
      this.weekdays[weekday < 0 ? weekday + 7 : weekday]!++;
    }
    if (this.hours !== null) {
      const hour =
        this.axis === 'time' ? Math.floor(x / 3600) % 24 : Math.floor(millisecondOfDay(x, day) / HOUR_MS);
      this.hours[hour]!++;
    }
  }

  private toNumber(value: Value): number {
    if (typeof value === 'number') {
      if (this.axis === 'number' && !Number.isInteger(value)) this.noteNumberDigits(value);
      return value;
    }
    if (typeof value === 'bigint') return Number(value);
    if (typeof value !== 'string') return Number.NaN;
    switch (this.axis) {
      case 'number':
        if (this.logical === 'interval') return parseIntervalSeconds(value);
        this.noteDigits(decimalDigits(value, 0, value.length));
        return parseShortDecimal(value);
      case 'time':
        return parseTimeOfDay(value);
      default:
        return parseInstant(value);
    }
  }

  /** A decimal's digits before and after the point (packed as `LineColumn.digits` packs them). */
  private noteDigits(digits: number): void {
    const scale = digits % DIGITS_SHIFT;
    const whole = (digits - scale) / DIGITS_SHIFT;
    if (scale > this.scale) this.scale = scale;
    if (whole + this.scale > this.precision) this.precision = whole + this.scale;
  }

  /**
   * A binary float (`real`, `double precision`, a JSON number): the decimals of its shortest text, so that
   * prices kept as floats (`10.49`) are known to carry two. Past {@link MAX_FLOAT_SCALE} the values are
   * continuous and no scale is reported.
   */
  private noteNumberDigits(x: number): void {
    if (this.unboundedScale) return;
    const text = String(x);
    if (text.includes('e') || text.length - text.indexOf('.') - 1 > MAX_FLOAT_SCALE) {
      this.unboundedScale = true;
      return;
    }
    this.noteDigits(decimalDigits(text, 0, text.length));
  }

  protected override reportedLogical(): LogicalType {
    if (!this.refineInteger) return this.logical;
    return this.integer ? 'integer' : 'float';
  }

  protected measureDetails() {
    const count = this.sketch.count;
    if (count === 0) return {};
    const shares = (counts: Float64Array | null) =>
      counts === null ? undefined : Array.from(counts, (n) => n / count);
    const weekday = shares(this.weekdays);
    const hour = shares(this.hours);
    return {
      line: {
        axis: this.axis,
        sketch: this.sketch,
        mean: this.moments.mean,
        stddev: this.moments.stddev,
        integer: this.integer,
        monotonic: this.steps > 0 && this.rises / this.steps >= 0.99,
        ...(this.precision > 0 && !this.unboundedScale
          ? { decimals: { precision: this.precision, scale: this.scale } }
          : {}),
        ...(weekday === undefined ? {} : { weekday }),
        ...(hour === undefined ? {} : { hour }),
        ends:
          this.lowest === this.highest
            ? [{ value: this.lowest, rows: this.lowestRows }]
            : [
                { value: this.lowest, rows: this.lowestRows },
                { value: this.highest, rows: this.highestRows },
              ],
      },
    };
  }
}
