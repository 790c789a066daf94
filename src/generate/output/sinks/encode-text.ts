/**
 * Text encodings of values for the text sinks: PostgreSQL's text forms inside CSV (arrays as `{...}`
 * literals, composites as `(...)`, bytea as `\x` hex, JSON as JSON text) and exact JSON for JSON Lines
 * (bigints as bare integers, binary as base64, NaN and infinities as strings, since JSON has no such numbers).
 */
import type { Value } from '../../../catalog/values.js';
import type { TypeTask } from '../../../tasks/types.js';

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

function encodeHex(bytes: Uint8Array): string {
  let text = '\\x';
  for (const byte of bytes) text += HEX[byte];
  return text;
}

function encodeArrayElement(value: Value): string {
  if (value === null) return 'NULL';
  if (Array.isArray(value)) return encodePgArray(value);
  const text = encodeScalarText(value);
  return text === '' || /[{},"\\\s]|^null$/i.test(text) ? `"${text.replace(/[\\"]/g, '\\$&')}"` : text;
}

/** A PostgreSQL array literal: `{a,"b c",NULL}`, nested for more dimensions. */
export function encodePgArray(values: readonly Value[]): string {
  return `{${values.map(encodeArrayElement).join(',')}}`;
}

function encodeScalarText(value: Value): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number')
    return Number.isFinite(value) || Number.isNaN(value)
      ? String(value)
      : value > 0
        ? 'Infinity'
        : '-Infinity';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Uint8Array) return encodeHex(value);
  return encodeJson(value);
}

/** The PostgreSQL text form of a non-null value of `type` (what COPY and CSV carry). */
export function encodePgText(value: Value, type: TypeTask): string {
  if (Array.isArray(value)) {
    // Arrays of documents (MongoDB) and JSON arrays are JSON; SQL arrays are `{...}` literals.
    const element = type.element?.logical;
    return type.logical === 'json' || element === 'object' || element === 'json'
      ? encodeJson(value)
      : encodePgArray(value);
  }
  if (
    value !== null &&
    typeof value === 'object' &&
    !(value instanceof Uint8Array) &&
    type.logical === 'object' &&
    type.attributes
  ) {
    const record = value as Record<string, Value>;
    const parts = type.attributes.map((attribute) => {
      const part = record[attribute.name];
      if (part === null || part === undefined) return '';
      const text = encodePgText(part, attribute.type);
      return text === '' || /[(),"\\\s]/.test(text) ? `"${text.replace(/[\\"]/g, '$&$&')}"` : text;
    });
    return `(${parts.join(',')})`;
  }
  return encodeScalarText(value);
}

/** Exact JSON text of a value: bigints bare, binary base64, non-finite numbers as strings. */
export function encodeJson(value: Value): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value)
        ? String(value)
        : `"${Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity'}"`;
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      break;
  }
  if (value instanceof Uint8Array)
    return `"${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64')}"`;
  if (Array.isArray(value)) return `[${value.map(encodeJson).join(',')}]`;
  const record = value as Record<string, Value>;
  const parts: string[] = [];
  for (const key of Object.keys(record)) {
    const part = record[key];
    if (part !== undefined) parts.push(`${JSON.stringify(key)}:${encodeJson(part)}`);
  }
  return `{${parts.join(',')}}`;
}
