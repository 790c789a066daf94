/**
 * Pure conversions between numbers and the text forms of src/catalog/values.ts: dates and instants from
 * epoch days/seconds (calendar arithmetic, never the process time zone), decimals from scaled integers, and
 * typed values from the literal text a recipe carries (categorical keys, constants, edge values).
 */
import type { Value } from '../../catalog/values.js';
import type { TypeTask } from '../../tasks/types.js';

const SECONDS_PER_DAY = 86400;

const TWO_DIGITS = Array.from({ length: 100 }, (_, value) => String(value).padStart(2, '0'));

function pad(value: number, width: number): string {
  if (width === 2 && value >= 0 && value < 100) return TWO_DIGITS[value]!;
  return String(value).padStart(width, '0');
}

// Generated dates and times repeat within a run (a few thousand days, 1,440 minutes of a day): their text is
// computed once per slot of these caches, small enough to stay in the processor's cache beside the rest of the
// generation (a text per second of the day, 86,400 of them, was slower: most lookups missed it). The text
// depends on the number alone.
const DAY_SLOTS = 4096;
const cachedDays = new Float64Array(DAY_SLOTS).fill(Number.NaN);
const cachedDayTexts: string[] = new Array<string>(DAY_SLOTS).fill('');
const MINUTES_PER_DAY = 1440;
/** `HH:MM:` per minute of the day. */
const cachedMinuteTexts: (string | undefined)[] = new Array<string | undefined>(MINUTES_PER_DAY).fill(
  undefined,
);
/** `SS` and `SSZ` per second of a minute. */
const SECOND_TEXTS = TWO_DIGITS.slice(0, 60);
const UTC_SECOND_TEXTS = SECOND_TEXTS.map((text) => `${text}Z`);

/** `HH:MM:` of a minute of the day (0 ≤ minute < 1440). */
function minuteText(minute: number): string {
  let text = cachedMinuteTexts[minute];
  if (text === undefined) {
    text = `${TWO_DIGITS[Math.floor(minute / 60)]!}:${TWO_DIGITS[minute % 60]!}:`;
    cachedMinuteTexts[minute] = text;
  }
  return text;
}

/** `YYYY-MM-DD` of a day counted from 1970-01-01 (proleptic Gregorian). */
export function formatEpochDay(day: number): string {
  const whole = Math.floor(day);
  const slot = whole & (DAY_SLOTS - 1);
  if (cachedDays[slot] === whole) return cachedDayTexts[slot]!;
  const text = computeEpochDay(whole);
  cachedDays[slot] = whole;
  cachedDayTexts[slot] = text;
  return text;
}

function computeEpochDay(day: number): string {
  // Howard Hinnant's civil_from_days.
  const z = Math.floor(day) + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const dayOfMonth = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const yearText = year < 0 ? `-${pad(-year, 4)}` : pad(year, 4);
  return `${yearText}-${pad(month, 2)}-${pad(dayOfMonth, 2)}`;
}

/** `HH:MM:SS[.ffffff]` of seconds since midnight, with `digits` fractional digits (0..6). */
export function formatTimeOfDay(seconds: number, digits: number): string {
  // Whole units of 10^-digits seconds, floored with a tolerance for binary noise (8150.6 may arrive as
  // 8150.599999999, which must not print as 8150.5).
  const scale = 10 ** Math.max(0, digits);
  const units = Math.floor(seconds * scale + 1e-4);
  const whole = Math.floor(units / scale);
  const base =
    whole >= 0 && whole < SECONDS_PER_DAY
      ? minuteText(Math.floor(whole / 60)) + SECOND_TEXTS[whole % 60]!
      : `${pad(Math.floor(whole / 3600) % 24, 2)}:${pad(Math.floor(whole / 60) % 60, 2)}:${pad(whole % 60, 2)}`;
  if (digits <= 0) return base;
  return `${base}.${pad(units - whole * scale, digits)}`;
}

/** `YYYY-MM-DDTHH:MM:SS[.ffffff]` (plus `Z` when `utc`) of seconds since the epoch. */
export function formatEpochSeconds(seconds: number, digits: number, utc: boolean): string {
  const day = Math.floor(seconds / SECONDS_PER_DAY);
  const second = seconds - day * SECONDS_PER_DAY;
  if (digits <= 0 && utc) {
    // The common timestamptz case: cached texts of the day, the minute and the second.
    const whole = Math.floor(second);
    const minute = Math.floor(whole / 60);
    return `${formatEpochDay(day)}T${minuteText(minute)}${UTC_SECOND_TEXTS[whole - minute * 60]!}`;
  }
  const text = `${formatEpochDay(day)}T${formatTimeOfDay(second, digits)}`;
  return utc ? `${text}Z` : text;
}

const ISO =
  /^(-?\d{4,})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Days from 1970-01-01 of a proleptic Gregorian date. */
export function epochDayOf(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = month > 2 ? month - 3 : month + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * Seconds since the epoch of an ISO date or timestamp; a zone offset, when present, is applied; a missing
 * zone is read as UTC (never the process zone). Returns NaN when the text is not ISO.
 */
export function parseEpochSeconds(text: string): number {
  const match = ISO.exec(text.trim());
  if (!match) return Number.NaN;
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  let seconds =
    epochDayOf(Number(year), Number(month), Number(day)) * SECONDS_PER_DAY +
    Number(hour ?? 0) * 3600 +
    Number(minute ?? 0) * 60 +
    Number(second ?? 0) +
    Number(fraction ?? 0);
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    seconds -= sign * (Number(digits.slice(0, 2)) * 3600 + Number(digits.slice(2, 4) || 0) * 60);
  }
  return seconds;
}

/** Seconds since midnight of `HH:MM[:SS[.fff]]`, or NaN. */
export function parseTimeOfDay(text: string): number {
  const match = /^(\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?/.exec(text.trim());
  if (!match) return Number.NaN;
  return Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3] ?? 0) + Number(match[4] ?? 0);
}

/** Decimal text of `units / 10^scale` (exact for safe integers and bigints). */
export function formatScaled(units: number | bigint, scale: number): string {
  if (typeof units === 'number' && Number.isSafeInteger(Math.round(units)) && scale <= 15) {
    // Fast path without BigInt for the common case.
    const whole = Math.round(units);
    if (scale <= 0) return String(whole);
    const absolute = Math.abs(whole);
    if (scale === 2 && absolute < 2 ** 40) {
      // Money: the integer part and two digits from a table (exact: 2^40 / 100 is far inside 2^53).
      const integer = Math.floor(absolute / 100);
      const text = `${integer}.${TWO_DIGITS[absolute - integer * 100]!}`;
      return whole < 0 ? `-${text}` : text;
    }
    const digits = String(Math.abs(whole)).padStart(scale + 1, '0');
    const text = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
    return whole < 0 ? `-${text}` : text;
  }
  const big = typeof units === 'bigint' ? units : BigInt(Math.round(units));
  if (scale <= 0) return big.toString();
  const negative = big < 0n;
  const digits = (negative ? -big : big).toString().padStart(scale + 1, '0');
  const text = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

/** An integer value in the representation of values.ts: number when safe, bigint beyond. */
export function toInteger(value: number | bigint): number | bigint {
  if (typeof value === 'number') return value;
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(value)
    : value;
}

/**
 * The typed value of a literal for `type`: categorical keys, constants and scenario values are written as
 * text or JSON scalars in task files; this turns them into what the sinks expect.
 */
export function convertLiteral(type: TypeTask, literal: unknown): Value {
  if (literal === null || literal === undefined) return null;
  switch (type.logical) {
    case 'boolean':
      return typeof literal === 'boolean' ? literal : /^(t|true|1|y|yes|on)$/i.test(String(literal));
    case 'integer': {
      if (typeof literal === 'number') return Math.trunc(literal);
      const text = String(literal).trim();
      if (!/^-?\d+$/.test(text)) return Number.isFinite(Number(text)) ? Math.trunc(Number(text)) : text;
      return toInteger(BigInt(text));
    }
    case 'float': {
      const number = typeof literal === 'number' ? literal : Number(literal);
      return Number.isNaN(number) && !/^nan$/i.test(String(literal)) ? String(literal) : number;
    }
    case 'decimal':
      return typeof literal === 'number' && type.scale !== undefined
        ? literal.toFixed(type.scale)
        : String(literal);
    case 'json':
      if (typeof literal === 'string') {
        try {
          return JSON.parse(literal) as Value;
        } catch {
          return literal;
        }
      }
      return literal as Value;
    case 'array':
    case 'object':
      return typeof literal === 'object' ? (literal as Value) : String(literal);
    default:
      return typeof literal === 'string' ? literal : JSON.stringify(literal);
  }
}
