/**
 * The one text encoding of values (the representation of `values.ts`): PostgreSQL's text input forms, which
 * COPY, query parameters and the CSV files carry, and exact JSON. Driven by the field's type: arrays as
 * `{...}` literals (element by element type, `;` between `box` elements), composites as `(...)` records,
 * bytea as `\x` hex, json as JSON text with big integers exact. Booleans are written `true`/`false`, which
 * PostgreSQL reads everywhere (`t`/`f` is only its output form). Pure; `sources/postgres/value-parsers.ts` is
 * the inverse for PostgreSQL's output.
 */
import type { LogicalType } from './logical-type.js';
import type { Value } from './values.js';

/** Type facts the encoder reads; the catalog's `FieldType` and the task files' `TypeTask` both fit. */
export interface EncodableType {
  readonly logical: LogicalType;
  readonly native: string;
  readonly element?: EncodableType;
  readonly attributes?: readonly { readonly name: string; readonly type: EncodableType }[];
}

/** Choices between text forms, for where the reader is not a PostgreSQL column. */
export interface TextEncoding {
  /**
   * Write an array whose elements are objects or JSON (a document's array, as MongoDB has them) as one JSON
   * array rather than a PostgreSQL array literal: how such arrays read in a file. Off for COPY and query
   * parameters, where the column is a SQL array (`address[]`, `jsonb[]`).
   */
  readonly documentArraysAsJson?: boolean;
}

/** True when values of `type` hold no array of objects or JSON, so every TextEncoding gives the same text. */
export function encodesAlikeEverywhere(type: EncodableType): boolean {
  const element = type.logical === 'array' ? type.element : undefined;
  if (element !== undefined && (element.logical === 'object' || element.logical === 'json')) return false;
  if (element !== undefined && !encodesAlikeEverywhere(element)) return false;
  return (type.attributes ?? []).every((attribute) => encodesAlikeEverywhere(attribute.type));
}

/** How JSON text writes binary values, which JSON has no form for. */
export interface JsonEncoding {
  /** `base64` (JSON Lines, Parquet, Arrow, Avro; the default) or `hex`: `"\\x00ff"`, PostgreSQL's `to_json`. */
  readonly binary?: 'base64' | 'hex';
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

function encodeHex(bytes: Uint8Array): string {
  let text = '\\x';
  for (const byte of bytes) text += HEX[byte];
  return text;
}

function encodeNumber(value: number): string {
  if (Number.isFinite(value) || Number.isNaN(value)) return String(value);
  return value > 0 ? 'Infinity' : '-Infinity';
}

/** The PostgreSQL text form of `value` of `type` (`null` for SQL NULL). */
export function encodePgText(
  value: NonNullable<Value>,
  type: EncodableType | undefined,
  encoding?: TextEncoding,
): string;
export function encodePgText(
  value: Value,
  type: EncodableType | undefined,
  encoding?: TextEncoding,
): string | null;
export function encodePgText(
  value: Value,
  type: EncodableType | undefined,
  encoding: TextEncoding = {},
): string | null {
  if (value === null) return null;
  if (type?.logical === 'json') return encodeJson(value, PG_JSON);
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      return encodeNumber(value);
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      break;
  }
  if (value instanceof Uint8Array) return encodeHex(value);
  if (Array.isArray(value)) {
    const element = type?.logical === 'array' ? type.element : undefined;
    if (encoding.documentArraysAsJson && (element?.logical === 'object' || element?.logical === 'json'))
      return encodeJson(value, PG_JSON);
    return encodeArrayLiteral(value, element, encoding);
  }
  const record = value as { readonly [key: string]: Value };
  if (type?.logical === 'object' && type.attributes !== undefined)
    return encodeRecordLiteral(
      type.attributes.map((attribute) =>
        encodePgText(record[attribute.name] ?? null, attribute.type, encoding),
      ),
    );
  return encodeJson(value, PG_JSON);
}

const PG_JSON: JsonEncoding = { binary: 'hex' };

/** `box` is the one builtin type whose array delimiter is `;`. */
function arrayDelimiter(element: EncodableType | undefined): string {
  return element?.native === 'box' ? ';' : ',';
}

/** An array literal `{a,"b c",NULL}`, nested for more dimensions; elements encoded by their type. */
function encodeArrayLiteral(
  values: readonly Value[],
  element: EncodableType | undefined,
  encoding: TextEncoding,
): string {
  const delimiter = arrayDelimiter(element);
  const parts = values.map((item) => {
    if (item === null) return 'NULL';
    // A JS array inside an SQL array is a further dimension, unless the element itself is an array or JSON.
    if (Array.isArray(item) && element?.logical !== 'json' && element?.logical !== 'array')
      return encodeArrayLiteral(item, element, encoding);
    const text = encodePgText(item, element, encoding);
    const quote =
      text === '' || text.toUpperCase() === 'NULL' || /[{}"\\\s]/.test(text) || text.includes(delimiter);
    return quote ? `"${text.replace(/["\\]/g, '\\$&')}"` : text;
  });
  return `{${parts.join(delimiter)}}`;
}

/** A composite record literal `(1,"a b",)` from attribute texts (`null` → empty). */
function encodeRecordLiteral(texts: readonly (string | null)[]): string {
  const parts = texts.map((text) => {
    if (text === null) return '';
    return text === '' || /[(),"\\\s]/.test(text) ? `"${text.replace(/["\\]/g, '$&$&')}"` : text;
  });
  return `(${parts.join(',')})`;
}

/** Exact JSON text of a value: bigints bare, non-finite numbers as strings, binary as `encoding` says. */
export function encodeJson(value: Value, encoding: JsonEncoding = {}): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : `"${encodeNumber(value)}"`;
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      break;
  }
  if (value instanceof Uint8Array)
    return encoding.binary === 'hex'
      ? JSON.stringify(encodeHex(value))
      : `"${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64')}"`;
  if (Array.isArray(value)) return `[${value.map((item: Value) => encodeJson(item, encoding)).join(',')}]`;
  const record = value as { readonly [key: string]: Value };
  const parts: string[] = [];
  for (const key of Object.keys(record)) {
    const part = record[key];
    if (part !== undefined) parts.push(`${JSON.stringify(key)}:${encodeJson(part, encoding)}`);
  }
  return `{${parts.join(',')}}`;
}
