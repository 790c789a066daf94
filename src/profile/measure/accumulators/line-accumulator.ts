/**
 * Numbers, dates, times and timestamps: values on a line. Each value is mapped to a number (epoch milliseconds
 * for dates and timestamps, seconds since midnight for times) and fed to a quantile sketch and running moments;
 * the accumulator also notices whole numbers, decimal digits used, rising sequences, and weekday/hour shape.
 */
import type { LogicalType } from '../../../catalog/logical-type.js';
import type { Value } from '../../../catalog/values.js';
import type { LineAxis } from '../measure.js';
import { Moments } from '../sketches/moments.js';
import { QuantileSketch } from '../sketches/quantile-sketch.js';
import { BaseAccumulator } from './base-accumulator.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** Parses `YYYY-MM-DD[THH:MM:SS[.ffffff]][Z]` (the value representation) to epoch milliseconds; NaN otherwise. */
export function parseInstant(text: string): number {
  if (text.length < 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return Number.NaN;
  const fast = parseInstantDigits(text);
  if (fast !== undefined) return fast;
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(5, 7));
  const day = Number(text.slice(8, 10));
  let ms = Date.UTC(year, month - 1, day);
  if (text.length >= 19) {
    const hours = Number(text.slice(11, 13));
    const minutes = Number(text.slice(14, 16));
    const end = text.endsWith('Z') ? text.length - 1 : text.length;
    const seconds = Number(text.slice(17, end));
    ms += hours * HOUR_MS + minutes * 60_000 + seconds * 1000;
  }
  return ms;
}

/**
 * The common exact forms `YYYY-MM-DD` and `YYYY-MM-DDTHH:MM:SS[Z]` read digit by digit (no substrings); the
 * same result as the general path. Undefined for anything else (fractions, other layouts).
 */
function parseInstantDigits(text: string): number | undefined {
  const length = text.length;
  const dated = length === 10;
  if (!dated && !(length === 19 || (length === 20 && text.charCodeAt(19) === 90))) return undefined;
  const century = twoDigits(text, 0);
  const yearOfCentury = twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  if (century < 0 || yearOfCentury < 0 || month < 0 || day < 0) return undefined;
  const date = utcDate(century * 100 + yearOfCentury, month, day);
  if (dated) return date;
  if (text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return undefined;
  const hours = twoDigits(text, 11);
  const minutes = twoDigits(text, 14);
  const seconds = twoDigits(text, 17);
  if (hours < 0 || minutes < 0 || seconds < 0) return undefined;
  return date + hours * HOUR_MS + minutes * 60_000 + seconds * 1000;
}

/**
 * `Date.UTC(year, month - 1, day)` by integer arithmetic (days from the civil date, H. Hinnant's algorithm):
 * no call per value. Years below 100 and days past their month go to `Date.UTC` (which maps such years
 * into the 1900s and rolls days over), so the result is always the same as its.
 */
function utcDate(year: number, month: number, day: number): number {
  if (year < 100 || month < 1 || month > 12 || day < 1 || (day > 28 && day > daysInMonth(year, month)))
    return Date.UTC(year, month - 1, day);
  const shifted = month <= 2 ? year - 1 : year;
  const era = Math.floor(shifted / 400);
  const yearOfEra = shifted - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return (era * 146_097 + dayOfEra - 719_468) * DAY_MS;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The two decimal digits at `at` as a number; -1 when they are not both digits. */
function twoDigits(text: string, at: number): number {
  const tens = text.charCodeAt(at) - 48;
  const ones = text.charCodeAt(at + 1) - 48;
  return tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9 ? tens * 10 + ones : -1;
}

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

/** 10^0 .. 10^15, each exact. */
const POWERS_OF_TEN = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
] as const;

/**
 * `Number(text)` for decimal text (`-123.45`, the numeric type's text), read digit by digit when it has at
 * most 15 digits: the digits as a whole number divided by the power of ten of the scale, both exact, is the
 * correctly rounded value `Number` gives too. Anything else (more digits, exponents, `NaN`) goes to `Number`.
 */
export function parseShortDecimal(text: string): number {
  const length = text.length;
  const negative = text.charCodeAt(0) === 45;
  let mantissa = 0;
  let digits = 0;
  let scale = -1;
  for (let at = negative ? 1 : 0; at < length; at++) {
    const code = text.charCodeAt(at);
    if (code === 46 && scale < 0) {
      scale = 0;
      continue;
    }
    const digit = code - 48;
    if (digit < 0 || digit > 9 || ++digits > 15) return Number(text);
    mantissa = mantissa * 10 + digit;
    if (scale >= 0) scale++;
  }
  if (digits === 0) return Number(text);
  const value = scale > 0 ? mantissa / POWERS_OF_TEN[scale]! : mantissa;
  return negative ? -value : value;
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
  private precision = 0;
  private scale = 0;
  /** A binary float carried more decimals than a person or a price ever writes: no measured scale. */
  private unboundedScale = false;
  private readonly weekdays: number[] | null;
  private readonly hours: number[] | null;
  /** JSON numbers report `integer` when every value was whole. */
  private readonly refineInteger: boolean;

  constructor(logical: LogicalType, options: { refineInteger?: boolean } = {}) {
    super(logical, true);
    this.axis = AXIS[logical] ?? 'number';
    this.sketch = new QuantileSketch(
      this.axis === 'number' || this.axis === 'time' ? NUMBER_SKETCH : DATED_SKETCH,
    );
    this.refineInteger = options.refineInteger ?? false;
    const dated = this.axis === 'date' || this.axis === 'timestamp' || this.axis === 'timestamptz';
    this.weekdays = dated ? new Array<number>(7).fill(0) : null;
    this.hours =
      this.axis === 'timestamp' || this.axis === 'timestamptz' || this.axis === 'time'
        ? new Array<number>(24).fill(0)
        : null;
  }

  protected addValue(value: Value): void {
    const x = this.toNumber(value);
    if (!Number.isFinite(x)) {
      this.mismatched++;
      return;
    }
    // A value the heavy-hitter sketch holds already was counted as distinct before (the same text, the same
    // number): it is not hashed again.
    if (!this.offerTop(value as string | number | bigint)) this.distinct.addNumber(x);
    this.sketch.add(x);
    this.moments.add(x);
    if (this.integer && !Number.isInteger(x)) this.integer = false;
    if (!Number.isNaN(this.previous)) {
      this.steps++;
      if (x > this.previous) this.rises++;
    }
    this.previous = x;
    // Days since 1970 for dates and timestamps (those count weekdays).
    const day = this.weekdays === null ? 0 : Math.floor(x / DAY_MS);
    if (this.weekdays !== null) {
      const weekday = (((day + 3) % 7) + 7) % 7;
      this.weekdays[weekday] = (this.weekdays[weekday] ?? 0) + 1;
    }
    if (this.hours !== null) {
      const hour =
        this.axis === 'time' ? Math.floor(x / 3600) % 24 : Math.floor(millisecondOfDay(x, day) / HOUR_MS);
      this.hours[hour] = (this.hours[hour] ?? 0) + 1;
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
        this.noteDigits(value);
        return parseShortDecimal(value);
      case 'time':
        return parseTimeOfDay(value);
      default:
        return parseInstant(value);
    }
  }

  /** Decimal text: counts digits before and after the point. */
  private noteDigits(text: string): void {
    const dot = text.indexOf('.');
    const sign = text.charCodeAt(0) === 45 ? 1 : 0;
    const scale = dot < 0 ? 0 : text.length - dot - 1;
    const whole = (dot < 0 ? text.length : dot) - sign;
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
    this.noteDigits(text);
  }

  protected override reportedLogical(): LogicalType {
    if (!this.refineInteger) return this.logical;
    return this.integer ? 'integer' : 'float';
  }

  protected measureDetails() {
    const count = this.sketch.count;
    if (count === 0) return {};
    const shares = (counts: readonly number[] | null) =>
      counts === null ? undefined : counts.map((n) => n / count);
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
      },
    };
  }
}
