/**
 * Numerics, dates and timestamps in binary COPY (copy-binary-fields.ts dispatches to them): the text
 * PostgreSQL prints for each (`numeric_out`; DateStyle ISO, TimeZone UTC), rebuilt from base-10000 digits and
 * microseconds or days since 2000-01-01, and the number on its line that copy-columns.ts reads from that text,
 * to the last bit.
 */
import { DAY_MS, DIGITS_SHIFT, HOUR_MS, utcDate } from '../../catalog/line-numbers.js';

/** Days from 1970-01-01 to 2000-01-01, PostgreSQL's epoch. */
const EPOCH_DAYS = 10_957;
const DAY_MICROS = 86_400_000_000;
/** A date's infinities. */
const DATE_END = 0x7fff_ffff;
const DATE_BEGIN = -0x8000_0000;

/** A date field's number on its line (NaN for the infinities and years its text reader cannot hold). */
export function dateNumber(view: DataView, at: number): number {
  const days = view.getInt32(at);
  return days === DATE_END || days === DATE_BEGIN ? Number.NaN : civilNumber(days + EPOCH_DAYS, 0);
}

/** A timestamp field's number on its line (NaN for the infinities and beyond what a double holds exactly). */
export function timestampNumber(view: DataView, at: number): number {
  const micros = timestampMicros(view, at);
  if (micros === null) return Number.NaN;
  const day = Math.floor(micros / DAY_MICROS);
  return civilNumber(day + EPOCH_DAYS, micros - day * DAY_MICROS);
}

/** The text of a date field: `YYYY-MM-DD`, ` BC` after a year before 1, or an infinity. */
export function dateText(view: DataView, at: number): string {
  const days = view.getInt32(at);
  if (days === DATE_END) return 'infinity';
  if (days === DATE_BEGIN) return '-infinity';
  const { text, bc } = civilText(days + EPOCH_DAYS);
  return bc ? `${text} BC` : text;
}

/** The text of a timestamp field (`zoned`: a timestamptz, printed in UTC with `+00`). */
export function timestampText(view: DataView, at: number, zoned: boolean): string {
  const high = view.getInt32(at);
  const low = view.getUint32(at + 4);
  if (high === 0x7fff_ffff && low === 0xffff_ffff) return 'infinity';
  if (high === -0x8000_0000 && low === 0) return '-infinity';
  let days: number;
  let ofDay: number;
  const micros = timestampMicros(view, at);
  if (micros !== null) {
    days = Math.floor(micros / DAY_MICROS);
    ofDay = micros - days * DAY_MICROS;
  } else {
    // Beyond what a double holds exactly.
    const exact = view.getBigInt64(at);
    const dayMicros = BigInt(DAY_MICROS);
    let whole = exact / dayMicros;
    if (exact < 0n && whole * dayMicros !== exact) whole -= 1n;
    days = Number(whole);
    ofDay = Number(exact - whole * dayMicros);
  }
  const { text, bc } = civilText(days + EPOCH_DAYS);
  return `${text} ${timeText(ofDay)}${zoned ? '+00' : ''}${bc ? ' BC' : ''}`;
}

/**
 * A timestamp's microseconds since 2000-01-01 when a double holds them exactly (within ±142 years of 2000;
 * null for ±infinity and beyond: those are read from their text).
 */
function timestampMicros(view: DataView, at: number): number | null {
  const high = view.getInt32(at);
  if (high >= 0x10_0000 || high < -0x10_0000) return null;
  return high * 0x1_0000_0000 + view.getUint32(at + 4);
}

/** Days from 1970-01-01 to 0100-01-01 and to 10000-01-01: `utcDate` of a date between is its days' milliseconds. */
const FIRST_PLAIN_DAY = -683_003;
const PAST_PLAIN_DAYS = 2_932_897;

/**
 * `readPgInstant` of the text of the instant `days` after 1970-01-01 plus `micros` into its day: the UTC date
 * as `utcDate` reads it, the time of day by that reader's arithmetic (whole seconds add up exactly; a fraction
 * is added as it reads it), NaN for years its texts cannot hold (BC, past 9999).
 */
function civilNumber(days: number, micros: number): number {
  let date = days * DAY_MS;
  if (days < FIRST_PLAIN_DAY || days >= PAST_PLAIN_DAYS) {
    const { year, month, day } = civilDate(days);
    if (year < 1 || year > 9999) return Number.NaN;
    date = utcDate(year, month, day);
  }
  // Whole seconds (a division, not a remainder: micros is no small integer).
  if (Number.isInteger(micros / 1_000_000)) return date + micros / 1000;
  const seconds = micros % 60_000_000;
  const minutes = ((micros - seconds) / 60_000_000) % 60;
  const hours = Math.floor(micros / 3_600_000_000);
  return date + (hours * HOUR_MS + minutes * 60_000 + (seconds / 1_000_000) * 1000);
}

/** The proleptic Gregorian date `days` after 1970-01-01 (H. Hinnant's algorithm; year 0 is 1 BC). */
function civilDate(days: number): { year: number; month: number; day: number } {
  const shifted = days + 719_468;
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** `YYYY-MM-DD` of the date `days` after 1970-01-01, with whether it is BC (the year then counted back from 1). */
function civilText(days: number): { text: string; bc: boolean } {
  const { year, month, day } = civilDate(days);
  const bc = year < 1;
  return { text: `${pad(bc ? 1 - year : year, 4)}-${pad(month, 2)}-${pad(day, 2)}`, bc };
}

/** `HH:MM:SS[.ffffff]` of `micros` into a day, trailing zeros of the fraction left out. */
export function timeText(micros: number): string {
  const fraction = micros % 1_000_000;
  const seconds = (micros - fraction) / 1_000_000;
  const clock = `${pad(Math.floor(seconds / 3600), 2)}:${pad(Math.floor(seconds / 60) % 60, 2)}:${pad(seconds % 60, 2)}`;
  return fraction === 0 ? clock : `${clock}.${pad(fraction, 6).replace(/0+$/, '')}`;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

const NUMERIC_NEGATIVE = 0x4000;
/** Signs at or above this are NaN and the infinities. */
const NUMERIC_SPECIAL = 0xc000;
const SPECIAL_TEXTS: ReadonlyMap<number, string> = new Map([
  [0xc000, 'NaN'],
  [0xd000, 'Infinity'],
  [0xf000, '-Infinity'],
]);

/**
 * A numeric's text as `numeric_out` prints it: base-10000 digit groups of weight `weight` down, the first
 * group without leading zeros (`0` when the value is below one), then `dscale` digits after the point.
 */
export function numericText(view: DataView, at: number): string {
  const groups = view.getInt16(at);
  const weight = view.getInt16(at + 2);
  const sign = view.getUint16(at + 4);
  const scale = view.getInt16(at + 6);
  if (sign >= NUMERIC_SPECIAL) return SPECIAL_TEXTS.get(sign) ?? 'NaN';
  const group = (index: number) => (index >= 0 && index < groups ? view.getInt16(at + 8 + 2 * index) : 0);
  let text = sign === NUMERIC_NEGATIVE ? '-' : '';
  if (weight < 0) text += '0';
  else
    for (let index = 0; index <= weight; index++)
      text += index === 0 ? String(group(0)) : pad(group(index), 4);
  if (scale === 0) return text;
  let fraction = '';
  for (let index = weight + 1; fraction.length < scale; index++) fraction += pad(group(index), 4);
  return `${text}.${fraction.slice(0, scale)}`;
}

/** 10^0 .. 10^15, each exact. */
const POWERS_OF_TEN = Array.from({ length: 16 }, (_, power) => 10 ** power);

/**
 * `readShortDecimal` of a numeric's text: its digits (at most 15, as printed) as a whole number over the power
 * of ten of its scale; NaN for more digits and for NaN and the infinities.
 */
export function numericNumber(view: DataView, at: number): number {
  const groups = view.getInt16(at);
  const weight = view.getInt16(at + 2);
  const sign = view.getUint16(at + 4);
  const scale = view.getInt16(at + 6);
  if (sign >= NUMERIC_SPECIAL || wholeDigits(view, at) + scale > 15) return Number.NaN;
  let mantissa = 0;
  for (let index = 0; index < groups; index++) {
    const power = 4 * (weight - index) + scale;
    if (power < 0 && power > -4)
      mantissa += Math.floor(view.getInt16(at + 8 + 2 * index) / POWERS_OF_TEN[-power]!);
    else if (power >= 0) mantissa += view.getInt16(at + 8 + 2 * index) * POWERS_OF_TEN[power]!;
  }
  const value = scale > 0 ? mantissa / POWERS_OF_TEN[scale]! : mantissa;
  return sign === NUMERIC_NEGATIVE ? -value : value;
}

/** The digits a numeric's text has before the point (one `0` below one; the sign left out). */
function wholeDigits(view: DataView, at: number): number {
  const weight = view.getInt16(at + 2);
  if (weight < 0) return 1;
  const first = view.getInt16(at) > 0 ? view.getInt16(at + 8) : 0;
  return (first >= 1000 ? 4 : first >= 100 ? 3 : first >= 10 ? 2 : 1) + 4 * weight;
}

/** A numeric's digits before and after the point in its text, packed as `LineColumn.digits` packs them. */
export function numericDigits(view: DataView, at: number): number {
  return wholeDigits(view, at) * DIGITS_SHIFT + view.getInt16(at + 6);
}
