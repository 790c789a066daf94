/**
 * Values as numbers on their line, read from text: dates and timestamps as epoch milliseconds (UTC), decimals
 * as the nearest double. Instants come in two texts: the value representation (`2024-01-02T03:04:05Z`,
 * values.ts), which `parseInstant` reads, and PostgreSQL's output (`2024-01-02 03:04:05+00`), which
 * `readPgInstant` reads in place from a longer text (a COPY chunk) without a substring. Both give the same
 * number for the same instant, to the last bit: one reader below.
 */

import type { Value } from './values.js';

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

/** Parses `YYYY-MM-DD[THH:MM:SS[.ffffff]][Z]` (the value representation) to epoch milliseconds; NaN otherwise. */
export function parseInstant(text: string): number {
  if (text.length < 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return Number.NaN;
  const read = readInstant(text, 0, text.charCodeAt(text.length - 1) === 90 ? text.length - 1 : text.length);
  if (!Number.isNaN(read)) return read;
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
 * PostgreSQL's text of a date (`2024-01-02`), a timestamp (`2024-01-02 03:04:05[.ffffff]`) or, `zoned`, a
 * timestamptz in UTC (the same with `+00`) from `start` to `end` of `text`, as epoch milliseconds: the number
 * `parseInstant` gives for the value the connection's parser makes of that text. NaN for any other form
 * (another zone, BC, `infinity`), which the caller then reads through the value.
 */
export function readPgInstant(text: string, start: number, end: number, zoned: boolean): number {
  if (!zoned) return readInstant(text, start, end);
  const stop = end - 3;
  if (text.charCodeAt(stop) !== 43 || text.charCodeAt(stop + 1) !== 48 || text.charCodeAt(stop + 2) !== 48)
    return Number.NaN;
  return readInstant(text, start, stop);
}

/**
 * `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS[.ffffff]` (`T` or a space between date and time) from `start` to `end`
 * of `text`, read digit by digit, with the arithmetic of parseInstant's general path (fractions of a second
 * are `Number` of the seconds' text): the same number. NaN for anything else.
 */
function readInstant(text: string, start: number, end: number): number {
  const length = end - start;
  if (length !== 10 && length < 19) return Number.NaN;
  if (text.charCodeAt(start + 4) !== 45 || text.charCodeAt(start + 7) !== 45) return Number.NaN;
  const century = twoDigits(text, start);
  const yearOfCentury = twoDigits(text, start + 2);
  const month = twoDigits(text, start + 5);
  const day = twoDigits(text, start + 8);
  if (century < 0 || yearOfCentury < 0 || month < 0 || day < 0) return Number.NaN;
  const date = utcDate(century * 100 + yearOfCentury, month, day);
  if (length === 10) return date;
  const separator = text.charCodeAt(start + 10);
  if (
    (separator !== 84 && separator !== 32) ||
    text.charCodeAt(start + 13) !== 58 ||
    text.charCodeAt(start + 16) !== 58
  )
    return Number.NaN;
  const hours = twoDigits(text, start + 11);
  const minutes = twoDigits(text, start + 14);
  if (hours < 0 || minutes < 0) return Number.NaN;
  if (length === 19) {
    const seconds = twoDigits(text, start + 17);
    return seconds < 0 ? Number.NaN : date + hours * HOUR_MS + minutes * 60_000 + seconds * 1000;
  }
  if (text.charCodeAt(start + 19) !== 46) return Number.NaN;
  return date + (hours * HOUR_MS + minutes * 60_000 + Number(text.slice(start + 17, end)) * 1000);
}

/**
 * `Date.UTC(year, month - 1, day)` by integer arithmetic (days from the civil date, H. Hinnant's algorithm):
 * no call per value. Years below 100 and days past their month go to `Date.UTC` (which maps such years
 * into the 1900s and rolls days over), so the result is always the same as its.
 */
export function utcDate(year: number, month: number, day: number): number {
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

/** 10^0 .. 10^15, each exact. */
const POWERS_OF_TEN = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
] as const;

/**
 * `Number(text)` for decimal text (`-123.45`, the numeric type's text), read digit by digit when it has at
 * most 15 digits (see `readShortDecimal`); anything else (more digits, exponents, `NaN`) goes to `Number`.
 */
export function parseShortDecimal(text: string): number {
  const value = readShortDecimal(text, 0, text.length);
  return Number.isNaN(value) ? Number(text) : value;
}

/**
 * The decimal text from `start` to `end` of `text` (an optional `-`, digits, at most one point) with 1 to 15
 * digits as a number: the digits as a whole number divided by the power of ten of the scale, both exact, is
 * the correctly rounded value `Number` gives too. NaN for anything else.
 */
export function readShortDecimal(text: string, start: number, end: number): number {
  const negative = text.charCodeAt(start) === 45;
  let mantissa = 0;
  let digits = 0;
  let scale = -1;
  for (let at = negative ? start + 1 : start; at < end; at++) {
    const code = text.charCodeAt(at);
    if (code === 46 && scale < 0) {
      scale = 0;
      continue;
    }
    const digit = code - 48;
    if (digit < 0 || digit > 9 || ++digits > 15) return Number.NaN;
    mantissa = mantissa * 10 + digit;
    if (scale >= 0) scale++;
  }
  if (digits === 0) return Number.NaN;
  const value = scale > 0 ? mantissa / POWERS_OF_TEN[scale]! : mantissa;
  return negative ? -value : value;
}

/**
 * A column of values read as numbers on their line where their field allowed it: what a decoder hands a
 * consumer that measures numbers (the profiler), without a value per row.
 */
export interface LineColumn {
  /** What the numbers are: decimals' or integers' values, or instants' epoch milliseconds. */
  readonly kind: 'decimal' | 'integer' | 'instant';
  /**
   * Each row's number; NaN for NULL and for a field not read in place (its value is `value` of its row).
   */
  readonly numbers: Float64Array;
  /** Row `index`'s value (null for NULL): what the connection's parser makes of the field. */
  value(index: number): Value;
  /**
   * For a decimal whose number was read: the digits its text has before the point (the sign left out) and
   * after it, as `whole * DIGITS_SHIFT + scale`.
   */
  digits(index: number): number;
}

/** The digits of the decimal text from `start` to `end` of `text` as `LineColumn.digits` packs them. */
export function decimalDigits(text: string, start: number, end: number): number {
  let dot = text.indexOf('.', start);
  if (dot >= end) dot = -1;
  const sign = text.charCodeAt(start) === 45 ? 1 : 0;
  const whole = (dot < 0 ? end : dot) - start - sign;
  return whole * DIGITS_SHIFT + (dot < 0 ? 0 : end - dot - 1);
}

/** `LineColumn.digits` packs the digits before the point above this factor and those after it below. */
export const DIGITS_SHIFT = 0x10000;
