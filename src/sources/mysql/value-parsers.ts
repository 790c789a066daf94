/**
 * Converts what `mysql2` returns (text for decimals, big integers and dates; Buffers for bits and binary
 * strings) into doppel's value representation (`catalog/values.ts`), per field, from the field's neutral
 * type. Zero dates (`0000-00-00`), which have no meaning on any other engine, read as null. Pure.
 */
import type { FieldType } from '../../catalog/model.js';
import type { Row, Value } from '../../catalog/values.js';

type Parse = (raw: unknown) => Value;

const ZERO_DATE = /^0000-00-00/;

function toBytes(raw: unknown): Uint8Array | null {
  if (raw instanceof Uint8Array) return new Uint8Array(raw);
  if (typeof raw === 'string') return new TextEncoder().encode(raw);
  return null;
}

function integer(raw: unknown): Value {
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'bigint') return Number.isSafeInteger(Number(raw)) ? Number(raw) : raw;
  const text = String(raw);
  const number = Number(text);
  return Number.isSafeInteger(number) ? number : BigInt(text);
}

function dateTime(zoned: boolean): Parse {
  return (raw) => {
    const text = String(raw);
    if (ZERO_DATE.test(text)) return null;
    return `${text.replace(' ', 'T')}${zoned ? 'Z' : ''}`;
  };
}

function bits(length: number): Parse {
  return (raw) => {
    const bytes = toBytes(raw);
    if (bytes === null) return String(raw);
    let text = '';
    for (const byte of bytes) text += byte.toString(2).padStart(8, '0');
    return text.slice(-length).padStart(length, '0');
  };
}

/** The parser of one field's values. */
export function createFieldParser(type: FieldType): Parse {
  switch (type.logical) {
    case 'boolean':
      return (raw) => Number(raw) !== 0;
    case 'integer':
      return integer;
    case 'float':
      return (raw) => Number(raw);
    case 'decimal':
      return (raw) => String(raw);
    case 'date':
      return (raw) => (ZERO_DATE.test(String(raw)) ? null : String(raw));
    case 'timestamp':
      return dateTime(false);
    case 'timestamptz':
      return dateTime(true);
    case 'bit':
      return bits(type.length ?? 1);
    case 'binary':
      return (raw) => toBytes(raw);
    case 'json':
      return (raw) => (typeof raw === 'string' ? (JSON.parse(raw) as Value) : (raw as Value));
    case 'opaque':
      return (raw) => (raw instanceof Uint8Array ? Buffer.from(raw).toString('hex') : String(raw));
    default:
      return (raw) => (raw instanceof Uint8Array ? new TextDecoder().decode(raw) : String(raw));
  }
}

/** A row converter for `fields` (driver row in, doppel row out; unknown columns pass as text). */
export function createRowParser(
  fields: readonly { readonly name: string; readonly type: FieldType }[],
): (row: Record<string, unknown>) => Row {
  const parsers = new Map(fields.map((field) => [field.name, createFieldParser(field.type)]));
  return (row) => {
    const out: Record<string, Value> = {};
    for (const [name, raw] of Object.entries(row)) {
      if (raw === null || raw === undefined) {
        out[name] = null;
        continue;
      }
      const parse = parsers.get(name);
      out[name] = parse === undefined ? String(raw) : parse(raw);
    }
    return out;
  };
}
