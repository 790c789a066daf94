/**
 * How each field of a binary `COPY ... TO STDOUT` becomes a value (copy-binary.ts cuts the rows): the types
 * read from binary and, for each, its value as the connection's parser makes it of the text PostgreSQL prints
 * (rebuilt from the bytes where the value is not the bytes themselves, under the session's settings: UTC, ISO
 * dates) and, for integers, decimals and instants, the number on their line (copy-binary-lines.ts).
 */
import { Buffer } from 'node:buffer';
import { isAsciiRange } from '../../catalog/text-spans.js';
import type { Value } from '../../catalog/values.js';
import type { CopyField } from '../chunk-decoder.js';
import {
  dateNumber,
  dateText,
  numericNumber,
  numericText,
  timestampNumber,
  timestampText,
  timeText,
} from './copy-binary-lines.js';
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

/** Kinds read as numbers on their line in place (`lineNumbers`): integers, numerics, dates and timestamps. */
export function isLine(kind: Kind): boolean {
  return (
    isInteger(kind) ||
    kind === Kind.Numeric ||
    kind === Kind.Date ||
    kind === Kind.Timestamp ||
    kind === Kind.Timestamptz
  );
}

export function isInteger(kind: Kind): boolean {
  return kind === Kind.Int2 || kind === Kind.Int4 || kind === Kind.Int8;
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
    case Kind.Int4:
    case Kind.Int8:
      return integerValue(column.kind, view, start);
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

/** An integer field's value: a number, a bigint past ±2^53 (as the connection's parser reads int8). */
function integerValue(kind: Kind, view: DataView, start: number): number | bigint {
  if (kind === Kind.Int2) return view.getInt16(start);
  if (kind === Kind.Int4) return view.getInt32(start);
  // A value that fits 32 bits comes as one (a small integer, as in the interpreter: an array of them keeps its
  // kind instead of turning into one of doubles once this code is optimized).
  const high = view.getInt32(start);
  const low = view.getInt32(start + 4);
  if (high === low >> 31) return low;
  const value = high * 0x1_0000_0000 + view.getUint32(start + 4);
  return Number.isSafeInteger(value) ? value : view.getBigInt64(start);
}

/** The value of a (not NULL) field of a line kind (`isLine`) whose bytes start at `start`. */
export function lineValue(column: BinaryColumn, view: DataView, start: number): Value {
  if (isInteger(column.kind)) return integerValue(column.kind, view, start);
  return column.parse(lineText(column.kind, view, start));
}

/**
 * The numbers on their line of the fields of a line kind that start at `starts` (NaN where a start is
 * negative: NULL, or a field held as its value), into `numbers`: an integer's value (NaN past ±2^53, where its
 * value is a bigint), a numeric, date or timestamp as copy-columns.ts reads it from its text. A loop per kind,
 * so that reading a number is compiled into it and no number is boxed on its way out.
 */
export function lineNumbers(
  kind: Kind,
  view: DataView,
  starts: Int32Array,
  numbers: Float64Array,
): Float64Array {
  const count = starts.length;
  if (kind === Kind.Numeric)
    for (let row = 0; row < count; row++) {
      const start = starts[row]!;
      numbers[row] = start < 0 ? Number.NaN : numericNumber(view, start);
    }
  else if (kind === Kind.Date)
    for (let row = 0; row < count; row++) {
      const start = starts[row]!;
      numbers[row] = start < 0 ? Number.NaN : dateNumber(view, start);
    }
  else if (isInteger(kind))
    for (let row = 0; row < count; row++) {
      const start = starts[row]!;
      const value = start < 0 ? Number.NaN : integerValue(kind, view, start);
      numbers[row] = typeof value === 'number' ? value : Number.NaN;
    }
  else
    for (let row = 0; row < count; row++) {
      const start = starts[row]!;
      numbers[row] = start < 0 ? Number.NaN : timestampNumber(view, start);
    }
  return numbers.subarray(0, count);
}

/** The text PostgreSQL prints for a numeric, date or timestamp field (DateStyle ISO, TimeZone UTC). */
function lineText(kind: Kind, view: DataView, start: number): string {
  if (kind === Kind.Numeric) return numericText(view, start);
  if (kind === Kind.Date) return dateText(view, start);
  return timestampText(view, start, kind === Kind.Timestamptz);
}
