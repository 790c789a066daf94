/**
 * One Avro mapping per logical type (keyed by the logical types, so a new type cannot be half-supported):
 * the Avro type a value of that shape becomes, and how a value crosses over in each direction. The schema
 * and the codec come from the same entry, so what `toAvro` writes and what a registered schema says never
 * drift apart.
 */
import type { LogicalType } from '../catalog/logical-type.js';
import { encodeJson } from '../catalog/value-text.js';
import type { Value } from '../catalog/values.js';
import type { JsonValue } from '../tasks/types.js';
import { encodeAvroName } from './avro-names.js';
import {
  bytesToDecimal,
  dateToDays,
  daysToDate,
  decimalToBytes,
  microsToTime,
  microsToTimestamp,
  timestampToMicros,
  timeToMicros,
} from './avro-values.js';
import type { NamedShape, Shape } from './shape.js';

/** An Avro schema: a primitive's name, a complex type, or a union. */
export type AvroSchema = string | { readonly [key: string]: JsonValue } | readonly AvroSchema[];

/** The Avro type of a shape and the conversions of its values (null handled by the caller). */
export interface AvroMapping {
  readonly schema: AvroSchema;
  readonly toAvro: (value: Value) => unknown;
  readonly fromAvro: (datum: unknown) => Value;
}

/** Names of the named types (records, enums) of one schema, which must be unique in it. */
export interface AvroNaming {
  /** `base`, or `base` with a number when a type of that name exists already. */
  unique(base: string): string;
}

export function createAvroNaming(): AvroNaming {
  const used = new Set<string>();
  return {
    unique(base) {
      let name = base;
      for (let suffix = 2; used.has(name); suffix++) name = `${base}${suffix}`;
      used.add(name);
      return name;
    },
  };
}

export interface MappingContext {
  readonly naming: AvroNaming;
  /** The name a named type of this shape gets: its record's name and the field's, joined by `_`. */
  readonly path: string;
}

type Mapper = (shape: Shape, context: MappingContext) => AvroMapping;

const AVRO_SYMBOL = /^[A-Za-z_][A-Za-z0-9_]*$/;

const same = (value: unknown) => value as Value;

function textMapping(): AvroMapping {
  return {
    schema: 'string',
    toAvro: (value) => (typeof value === 'string' ? value : encodeJson(value)),
    fromAvro: same,
  };
}

function logicalMapping(
  base: string,
  logicalType: string,
  toAvro: (value: Value) => unknown,
  fromAvro: (datum: unknown) => Value,
  extra: { readonly [key: string]: JsonValue } = {},
): AvroMapping {
  return { schema: { type: base, logicalType, ...extra }, toAvro, fromAvro };
}

function timestampMapping(shape: Shape, zoned: boolean): AvroMapping {
  const millis = shape.type.time_precision !== undefined && shape.type.time_precision <= 3;
  const unit = millis ? 'millis' : 'micros';
  const logicalType = `${zoned ? '' : 'local-'}timestamp-${unit}`;
  return logicalMapping(
    'long',
    logicalType,
    (value) => {
      const micros = timestampToMicros(String(value));
      return millis ? Number(BigInt(micros) / 1000n) : micros;
    },
    (datum) =>
      microsToTimestamp(
        millis ? BigInt(datum as number | bigint) * 1000n : (datum as number | bigint),
        zoned,
      ),
  );
}

function enumMapping(shape: Shape, context: MappingContext): AvroMapping {
  const labels = shape.type.labels ?? [];
  if (labels.length === 0 || !labels.every((label) => AVRO_SYMBOL.test(label))) return textMapping();
  const name = context.naming.unique(context.path);
  return { schema: { type: 'enum', name, symbols: [...labels] }, toAvro: same, fromAvro: same };
}

function decimalMapping(shape: Shape): AvroMapping {
  const { precision, scale = 0 } = shape.type;
  if (precision === undefined || precision < 1) return textMapping(); // unbounded numeric: exact as text
  return logicalMapping(
    'bytes',
    'decimal',
    (value) => decimalToBytes(String(value), scale),
    (datum) => bytesToDecimal(datum as Uint8Array, scale),
    { precision, scale },
  );
}

function arrayMapping(shape: Shape, context: MappingContext): AvroMapping {
  const element: Shape = shape.element ?? { type: { logical: 'opaque', native: 'unknown' }, optional: true };
  let inner = mapOptional(element, { ...context, path: `${context.path}_item` });
  for (let level = 1; level < (shape.dimensions ?? 1); level++) inner = arrayOf(inner);
  return arrayOf(inner);
}

function arrayOf(items: AvroMapping): AvroMapping {
  return {
    schema: { type: 'array', items: items.schema as JsonValue },
    toAvro: (value) => (value as readonly Value[]).map(items.toAvro),
    fromAvro: (datum) => (datum as readonly unknown[]).map(items.fromAvro),
  };
}

/** A JSON value: a record when its keys are known, an array when it holds one, else JSON text. */
function jsonMapping(shape: Shape, context: MappingContext): AvroMapping {
  if (shape.children !== undefined) return recordMapping(shape, context);
  if (shape.element !== undefined) return arrayMapping(shape, context);
  return {
    schema: 'string',
    toAvro: (value) => encodeJson(value),
    fromAvro: (datum) => JSON.parse(datum as string) as Value,
  };
}

function recordMapping(shape: Shape, context: MappingContext): AvroMapping {
  const name = context.naming.unique(context.path);
  const record = describeFields(shape.children ?? [], { naming: context.naming, path: name });
  return {
    schema: { type: 'record', name, fields: record.fields },
    toAvro: record.toAvro,
    // A document's missing key and a null read the same (values.ts); keys left out keep presence measurable.
    fromAvro: shape.closed ? record.fromAvro : (datum) => dropNulls(record.fromAvro(datum)),
  };
}

function dropNulls(value: Value): Value {
  const result: Record<string, Value> = {};
  for (const [key, part] of Object.entries(value as Record<string, Value>))
    if (part !== null) result[key] = part;
  return result;
}

const MAPPERS: { readonly [T in LogicalType]: Mapper } = {
  boolean: () => ({ schema: 'boolean', toAvro: same, fromAvro: same }),
  // Integer and float widths come from the source's type facts once profiles carry them; until then the
  // widest Avro types hold every value.
  integer: () => ({ schema: 'long', toAvro: same, fromAvro: same }),
  float: () => ({ schema: 'double', toAvro: same, fromAvro: same }),
  decimal: decimalMapping,
  string: textMapping,
  enum: enumMapping,
  uuid: () => logicalMapping('string', 'uuid', (value) => String(value), same),
  date: () =>
    logicalMapping(
      'int',
      'date',
      (value) => dateToDays(String(value)),
      (datum) => daysToDate(datum as number),
    ),
  time: () =>
    logicalMapping(
      'long',
      'time-micros',
      (value) => timeToMicros(String(value)),
      (datum) => microsToTime(datum as number | bigint),
    ),
  timestamp: (shape) => timestampMapping(shape, false),
  timestamptz: (shape) => timestampMapping(shape, true),
  interval: textMapping,
  binary: () => ({
    schema: 'bytes',
    toAvro: (value) => Buffer.from(value as Uint8Array),
    fromAvro: (datum) => new Uint8Array(datum as Buffer),
  }),
  json: jsonMapping,
  array: arrayMapping,
  object: (shape, context) => (shape.children !== undefined ? recordMapping(shape, context) : textMapping()),
  inet: textMapping,
  cidr: textMapping,
  macaddr: textMapping,
  bit: textMapping,
  tsvector: textMapping,
  range: textMapping,
  opaque: textMapping,
};

/** The mapping of a shape, as a `["null", T]` union when it may be null. */
export function mapOptional(shape: Shape, context: MappingContext): AvroMapping {
  const mapping = MAPPERS[shape.type.logical](shape, context);
  if (!shape.optional) return mapping;
  return {
    schema: ['null', mapping.schema],
    toAvro: (value) => (value === null || value === undefined ? null : mapping.toAvro(value)),
    fromAvro: (datum) => (datum === null || datum === undefined ? null : mapping.fromAvro(datum)),
  };
}

/** The fields of a record (nullable ones default to null) and the conversions of a whole row. */
export function describeFields(
  children: readonly NamedShape[],
  context: MappingContext,
): {
  fields: JsonValue[];
  toAvro: (value: Value) => Record<string, unknown>;
  fromAvro: (datum: unknown) => Value;
} {
  const entries = children.map(({ name, shape }) => {
    const avroName = encodeAvroName(name);
    const mapping = mapOptional(shape, { ...context, path: `${context.path}_${avroName}` });
    const field: Record<string, JsonValue> = { name: avroName, type: mapping.schema as JsonValue };
    if (shape.doc !== undefined) field.doc = shape.doc;
    if (shape.optional) field.default = null;
    return { name, avroName, mapping, field };
  });
  return {
    fields: entries.map((entry) => entry.field),
    toAvro(value) {
      const row = value as Readonly<Record<string, Value>>;
      const datum: Record<string, unknown> = {};
      for (const entry of entries) datum[entry.avroName] = entry.mapping.toAvro(row[entry.name] ?? null);
      return datum;
    },
    fromAvro(datum) {
      const record = datum as Readonly<Record<string, unknown>>;
      const row: Record<string, Value> = {};
      for (const entry of entries) row[entry.name] = entry.mapping.fromAvro(record[entry.avroName]);
      return row;
    },
  };
}
