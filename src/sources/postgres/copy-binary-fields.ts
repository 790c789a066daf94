/**
 * How each field of a binary `COPY ... TO STDOUT` becomes a value (copy-binary.ts cuts the rows): the types
 * read from binary and, for each, its value as the connection's parser makes it of the text PostgreSQL prints
 * (rebuilt from the bytes where the value is not the bytes themselves, under the session's settings: UTC, ISO
 * dates) and, for decimals and instants, the number on their line that copy-columns.ts reads from that text,
 * to the last bit.
 */
import { Buffer } from 'node:buffer';
import { DAY_MS, HOUR_MS, utcDate } from '../../catalog/line-numbers.js';
import type { Value } from '../../catalog/values.js';
import type { CopyField } from '../chunk-decoder.js';
import { withUtcFastPath } from './copy-columns.js';
import type { TypeRegistry } from './type-registry.js';

/** How a column's bytes are read. */
export enum Kind {
  Text,
  Json,
  Jsonb,
  Uuid,
  Bytea,
  Time,
  Int2,
  Int4,
  Int8,
  Oid,
  Bool,
  Float8,
  Numeric,
  Date,
  Timestamp,
  Timestamptz,
  Array,
}

/**
 * The builtin types read from binary COPY, by oid: text types, json and jsonb (sent as their text), uuid,
 * bytea, integers, bool, float8, numeric, dates, times and timestamps; also enums, domains and arrays of those (see
 * `binaryType`). Others (float4, which prints fewer digits than it holds on servers before 12; intervals,
 * ranges, composites, other user types, ...) keep the text format.
 */
const BINARY_TYPES: ReadonlyMap<number, Kind> = new Map([
  [19, Kind.Text],
  [25, Kind.Text],
  [1042, Kind.Text],
  [1043, Kind.Text],
  [114, Kind.Json],
  [3802, Kind.Jsonb],
  [2950, Kind.Uuid],
  [17, Kind.Bytea],
  [1083, Kind.Time],
  [21, Kind.Int2],
  [23, Kind.Int4],
  [20, Kind.Int8],
  [26, Kind.Oid],
  [16, Kind.Bool],
  [701, Kind.Float8],
  [1700, Kind.Numeric],
  [1082, Kind.Date],
  [1114, Kind.Timestamp],
  [1184, Kind.Timestamptz],
]);

/**
 * How a value of type `oid` is read: its kind, and the type of its elements for an array; undefined when it
 * is not read from binary COPY. An enum is a text (its label), a domain what its base type is, an array of
 * any of those an array.
 */
function binaryType(oid: number, types: TypeRegistry): { kind: Kind; element?: number } | undefined {
  const kind = BINARY_TYPES.get(oid);
  if (kind !== undefined) return { kind };
  const registered = types.get(oid);
  switch (registered?.kind) {
    case 'enum':
      return { kind: Kind.Text };
    case 'domain':
      return binaryType(registered.inner, types);
    case 'array':
      return binaryType(registered.inner, types) === undefined
        ? undefined
        : { kind: Kind.Array, element: registered.inner };
    default:
      return undefined;
  }
}

/** Whether a result of `fields` is read in binary COPY (every column of a type read from it). */
export function readsBinary(fields: readonly CopyField[], types: TypeRegistry): boolean {
  return fields.every((field) => binaryType(field.oid, types) !== undefined);
}

/** How a value of type `oid` is read and parsed (its elements' too for an array); see `binaryType`. */
export function binaryColumn(
  name: string,
  oid: number,
  types: TypeRegistry,
  parserOf: (oid: number) => (text: string) => Value,
): BinaryColumn {
  const type = binaryType(oid, types);
  if (type === undefined) throw new Error(`Type ${oid} of column ${name} is not read in binary COPY.`);
  const parse = parserOf(oid);
  return {
    name,
    kind: type.kind,
    // The text path's reading of UTC timestamps, for the same values faster.
    parse: type.kind === Kind.Timestamptz ? withUtcFastPath(parse) : parse,
    ...(type.element === undefined ? {} : { element: binaryColumn(name, type.element, types, parserOf) }),
  };
}

/** Bytes rows are decoded from: a view of them, and their Latin-1 text (character i is byte i) or ''. */
export interface Chunk {
  readonly bytes: Buffer;
  readonly view: DataView;
  readonly text: string;
}

/** The UTF-8 text from `start` to `end` of a chunk: a slice of its Latin-1 text when it is ASCII. */
function chunkText(chunk: Chunk, start: number, end: number): string {
  return isAsciiRange(chunk.view, start, end)
    ? chunk.text.slice(start, end)
    : chunk.bytes.toString('utf8', start, end);
}

/** A result column: its kind and the parser of its text (for values rebuilt from their text). */
export interface BinaryColumn {
  readonly name: string;
  readonly kind: Kind;
  readonly parse: (text: string) => Value;
  /** An array's elements. */
  readonly element?: BinaryColumn;
}

export function isTextual(column: BinaryColumn): boolean {
  const { kind, element } = column;
  return (
    kind === Kind.Text ||
    kind === Kind.Json ||
    kind === Kind.Jsonb ||
    (element !== undefined && isTextual(element))
  );
}

export function isLine(kind: Kind): boolean {
  return kind === Kind.Numeric || kind === Kind.Date || kind === Kind.Timestamp || kind === Kind.Timestamptz;
}

/** Whether the bytes from `start` to `end` are all ASCII. */
export function isAsciiRange(view: DataView, start: number, end: number): boolean {
  let high = 0;
  let at = start;
  for (; at + 4 <= end; at += 4) high |= view.getInt32(at, true);
  for (; at < end; at++) high |= view.getUint8(at);
  return (high & 0x80808080) === 0;
}

/** The value of a (not NULL) field from `start` to `end` of a chunk: what the connection's parser makes of its text. */
export function fieldValue(column: BinaryColumn, chunk: Chunk, start: number, end: number): Value {
  const { bytes, view } = chunk;
  switch (column.kind) {
    case Kind.Text:
      return chunkText(chunk, start, end);
    case Kind.Json:
      return column.parse(chunkText(chunk, start, end));
    case Kind.Jsonb:
      // A format version (1), then the text `jsonb_out` prints.
      return column.parse(chunkText(chunk, start + 1, end));
    case Kind.Uuid:
      return uuidText(bytes, start);
    case Kind.Bytea:
      return new Uint8Array(bytes.subarray(start, end));
    case Kind.Time:
      return column.parse(timeText(view.getInt32(start) * 0x1_0000_0000 + view.getUint32(start + 4)));
    case Kind.Array:
      return arrayValue(column.element!, chunk, start);
    case Kind.Int2:
      return view.getInt16(start);
    case Kind.Int4:
      return view.getInt32(start);
    case Kind.Int8: {
      const value = view.getInt32(start) * 0x1_0000_0000 + view.getUint32(start + 4);
      return Number.isSafeInteger(value) ? value : view.getBigInt64(start);
    }
    case Kind.Oid:
      return view.getUint32(start);
    case Kind.Bool:
      return view.getUint8(start) !== 0;
    case Kind.Float8:
      return view.getFloat64(start);
    default:
      return lineValue(column, view, start);
  }
}

/** The hexadecimal digits' bytes. */
const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');
/** Where a uuid's text is written, its dashes in place. */
const UUID_TEXT = Buffer.from('00000000-0000-0000-0000-000000000000', 'latin1');

/** A uuid's 16 bytes at `start` as `uuid_out` prints them (8-4-4-4-12 lowercase digits). */
function uuidText(bytes: Buffer, start: number): string {
  for (let index = 0, at = 0; index < 16; index++) {
    if (index === 4 || index === 6 || index === 8 || index === 10) at++;
    const byte = bytes[start + index]!;
    UUID_TEXT[at++] = HEX_DIGITS[byte >> 4]!;
    UUID_TEXT[at++] = HEX_DIGITS[byte & 15]!;
  }
  return UUID_TEXT.toString('latin1');
}

/**
 * An array's elements, nested by dimension (its lower bounds left out, as the text parser leaves them): the
 * dimension count, a NULL flag, the element type, each dimension's size and lower bound, then the elements.
 */
function arrayValue(element: BinaryColumn, chunk: Chunk, start: number): Value[] {
  const { view } = chunk;
  const dimensions = view.getInt32(start);
  let position = start + 12 + 8 * dimensions;
  const level = (depth: number): Value[] => {
    const items: Value[] = [];
    const size = view.getInt32(start + 12 + 8 * depth);
    for (let index = 0; index < size; index++) {
      if (depth + 1 < dimensions) {
        items.push(level(depth + 1));
        continue;
      }
      const length = view.getInt32(position);
      const from = position + 4;
      position = length > 0 ? from + length : from;
      items.push(length < 0 ? null : fieldValue(element, chunk, from, position));
    }
    return items;
  };
  return dimensions === 0 ? [] : level(0);
}

/** The value of a (not NULL) numeric, date or timestamp field whose bytes start at `start`. */
export function lineValue(column: BinaryColumn, view: DataView, start: number): Value {
  return column.parse(lineText(column.kind, view, start));
}

/** The number of a numeric, date or timestamp field on its line, as copy-columns.ts reads it from its text. */
export function lineNumber(kind: Kind, view: DataView, start: number): number {
  if (kind === Kind.Numeric) return shortDecimal(view, start);
  if (kind === Kind.Date) {
    const days = view.getInt32(start);
    return days === 0x7fff_ffff || days === -0x8000_0000 ? Number.NaN : civilNumber(days + EPOCH_DAYS, 0);
  }
  const micros = timestampMicros(view, start);
  if (micros === null) return Number.NaN;
  const day = Math.floor(micros / DAY_MICROS);
  return civilNumber(day + EPOCH_DAYS, micros - day * DAY_MICROS);
}

/** Days from 1970-01-01 to 2000-01-01, PostgreSQL's epoch. */
const EPOCH_DAYS = 10_957;
const DAY_MICROS = 86_400_000_000;

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

/** The text PostgreSQL prints for a numeric, date or timestamp field (DateStyle ISO, TimeZone UTC). */
function lineText(kind: Kind, view: DataView, start: number): string {
  if (kind === Kind.Numeric) return numericText(view, start);
  if (kind === Kind.Date) {
    const days = view.getInt32(start);
    if (days === 0x7fff_ffff) return 'infinity';
    if (days === -0x8000_0000) return '-infinity';
    const { text, bc } = dateText(days + EPOCH_DAYS);
    return bc ? `${text} BC` : text;
  }
  const zone = kind === Kind.Timestamptz ? '+00' : '';
  const high = view.getInt32(start);
  const low = view.getUint32(start + 4);
  if (high === 0x7fff_ffff && low === 0xffff_ffff) return 'infinity';
  if (high === -0x8000_0000 && low === 0) return '-infinity';
  let days: number;
  let ofDay: number;
  const micros = timestampMicros(view, start);
  if (micros !== null) {
    days = Math.floor(micros / DAY_MICROS);
    ofDay = micros - days * DAY_MICROS;
  } else {
    // Beyond what a double holds exactly.
    const exact = view.getBigInt64(start);
    const dayMicros = BigInt(DAY_MICROS);
    let whole = exact / dayMicros;
    if (exact < 0n && whole * dayMicros !== exact) whole -= 1n;
    days = Number(whole);
    ofDay = Number(exact - whole * dayMicros);
  }
  const { text, bc } = dateText(days + EPOCH_DAYS);
  return `${text} ${timeText(ofDay)}${zone}${bc ? ' BC' : ''}`;
}

/** `YYYY-MM-DD` of the date `days` after 1970-01-01, with whether it is BC (the year then counted back from 1). */
function dateText(days: number): { text: string; bc: boolean } {
  const { year, month, day } = civilDate(days);
  const bc = year < 1;
  return { text: `${pad(bc ? 1 - year : year, 4)}-${pad(month, 2)}-${pad(day, 2)}`, bc };
}

/** `HH:MM:SS[.ffffff]` of `micros` into a day, trailing zeros of the fraction left out. */
function timeText(micros: number): string {
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
function numericText(view: DataView, at: number): string {
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
function shortDecimal(view: DataView, at: number): number {
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
export function wholeDigits(view: DataView, at: number): number {
  const weight = view.getInt16(at + 2);
  if (weight < 0) return 1;
  const first = view.getInt16(at) > 0 ? view.getInt16(at + 8) : 0;
  return (first >= 1000 ? 4 : first >= 100 ? 3 : first >= 10 ? 2 : 1) + 4 * weight;
}
