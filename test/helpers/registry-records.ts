/**
 * Checks generated JSON Lines records against the schemas a registry holds, with each format's own library
 * and independently of doppel's readers: Avro with avsc (each JSON value turned into the datum its Avro type
 * takes: dates as days, timestamps as epoch units, decimals as two's-complement bytes of the declared scale,
 * bytes and fixed from base64), JSON Schema with ajv (draft-07 and formats), Protobuf with protobufjs
 * (enum names to numbers, timestamps to seconds and nanos, then `verify`, and an encode/decode round trip).
 * Each returns the problems of one record (empty when it is valid).
 */
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import avro from 'avsc';
import protobuf from 'protobufjs';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type AvroSchema = string | AvroSchema[] | { [key: string]: unknown };

class Problem extends Error {}

function fail(path: string, message: string): never {
  throw new Problem(`${path}: ${message}`);
}

const DAY_MS = 86_400_000;

function parseInstant(text: unknown, path: string, local: boolean): number {
  if (typeof text !== 'string') fail(path, `expected a timestamp text, got ${JSON.stringify(text)}`);
  const zoned = /(Z|[+-]\d{2}(:?\d{2})?)$/.test(text);
  if (local === zoned) fail(path, `${local ? 'a local' : 'a zoned'} timestamp expected, got ${text}`);
  const ms = Date.parse(local ? `${text}Z` : text);
  if (Number.isNaN(ms)) fail(path, `not a timestamp: ${text}`);
  return ms;
}

function fractionMicros(text: string): number {
  const match = /\.(\d{1,6})/.exec(text);
  return match ? Number(match[1]!.padEnd(6, '0')) : 0;
}

function decimalBytes(value: unknown, precision: number, scale: number, path: string): Buffer {
  if (typeof value !== 'string' || !/^-?\d+(\.\d+)?$/.test(value)) fail(path, `not decimal text: ${value}`);
  const [whole, fraction = ''] = value.replace('-', '').split('.');
  if (fraction.length > scale) fail(path, `${value} has more than ${scale} decimals`);
  const digits = `${whole}${fraction.padEnd(scale, '0')}`.replace(/^0+(?=\d)/, '');
  if (digits.length > precision) fail(path, `${value} has more than ${precision} digits`);
  let unscaled = BigInt(digits) * (value.startsWith('-') ? -1n : 1n);
  const bytes: number[] = [];
  do {
    bytes.unshift(Number(unscaled & 0xffn));
    unscaled >>= 8n;
  } while (!(unscaled === 0n && (bytes[0]! & 0x80) === 0) && !(unscaled === -1n && (bytes[0]! & 0x80) !== 0));
  return Buffer.from(bytes);
}

function base64(value: unknown, path: string): Buffer {
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length % 4 !== 0)
    fail(path, `not base64: ${JSON.stringify(value)}`);
  return Buffer.from(value, 'base64');
}

/** Avro named types of a schema by full name (for references by name). */
function collectNames(schema: AvroSchema, names: Map<string, AvroSchema>, namespace?: string): void {
  if (Array.isArray(schema)) {
    for (const branch of schema) collectNames(branch, names, namespace);
    return;
  }
  if (typeof schema !== 'object') return;
  const type = schema.type;
  if (typeof schema.name === 'string') {
    const own = (schema.namespace as string | undefined) ?? namespace;
    const full = schema.name.includes('.') || !own ? schema.name : `${own}.${schema.name}`;
    names.set(full, schema);
    names.set(schema.name, schema);
    if (type === 'record')
      for (const field of schema.fields as { type: AvroSchema }[])
        collectNames(field.type, names, full.includes('.') ? full.slice(0, full.lastIndexOf('.')) : own);
  }
  if (type === 'array') collectNames(schema.items as AvroSchema, names, namespace);
  if (type === 'map') collectNames(schema.values as AvroSchema, names, namespace);
  if (typeof type === 'object') collectNames(type as AvroSchema, names, namespace);
}

function toDatum(schema: AvroSchema, value: unknown, path: string, names: Map<string, AvroSchema>): unknown {
  if (typeof schema === 'string') {
    switch (schema) {
      case 'null':
        if (value !== null) fail(path, 'expected null');
        return null;
      case 'bytes':
        return base64(value, path);
      case 'boolean':
      case 'int':
      case 'long':
      case 'float':
      case 'double':
      case 'string':
        return value;
      default: {
        const named = names.get(schema);
        if (named === undefined) fail(path, `unknown type ${schema}`);
        return toDatum(named, value, path, names);
      }
    }
  }
  if (Array.isArray(schema)) {
    if (value === null || value === undefined) {
      if (!schema.includes('null')) fail(path, 'null is not in the union');
      return null;
    }
    const branch = schema.find((candidate) => candidate !== 'null');
    return toDatum(branch!, value, path, names);
  }
  const logical = schema.logicalType;
  const type = schema.type as AvroSchema;
  if (logical === 'date') {
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) fail(path, `not a date: ${value}`);
    return Math.round(Date.parse(`${value}T00:00:00Z`) / DAY_MS);
  }
  if (logical === 'timestamp-millis' || logical === 'local-timestamp-millis')
    return parseInstant(value, path, logical.startsWith('local'));
  if (logical === 'timestamp-micros' || logical === 'local-timestamp-micros') {
    const ms = parseInstant(value, path, logical.startsWith('local'));
    return Math.floor(ms / 1000) * 1_000_000 + fractionMicros(String(value));
  }
  if (logical === 'time-millis' || logical === 'time-micros') {
    const match = /^(\d{2}):(\d{2}):(\d{2})(\.\d+)?$/.exec(String(value));
    if (!match) fail(path, `not a time of day: ${value}`);
    const micros =
      (Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3])) * 1_000_000 +
      fractionMicros(String(value));
    return logical === 'time-millis' ? Math.floor(micros / 1000) : micros;
  }
  if (logical === 'decimal') {
    const bytes = decimalBytes(value, Number(schema.precision), Number(schema.scale ?? 0), path);
    if (type === 'fixed') {
      const size = Number(schema.size);
      const padded = Buffer.alloc(size, (bytes[0]! & 0x80) !== 0 ? 0xff : 0);
      bytes.copy(padded, size - bytes.length);
      return padded;
    }
    return bytes;
  }
  if (logical === 'uuid') {
    if (
      typeof value !== 'string' ||
      !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)
    )
      fail(path, `not a uuid: ${value}`);
    return value;
  }
  switch (type) {
    case 'record': {
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        fail(path, 'expected an object');
      const fields = schema.fields as { name: string; type: AvroSchema }[];
      const known = new Set(fields.map((field) => field.name));
      for (const key of Object.keys(value)) if (!known.has(key)) fail(path, `unknown field ${key}`);
      const datum: Record<string, unknown> = {};
      for (const field of fields)
        datum[field.name] = toDatum(
          field.type,
          (value as Record<string, unknown>)[field.name] ?? null,
          `${path}.${field.name}`,
          names,
        );
      return datum;
    }
    case 'array':
      if (!Array.isArray(value)) fail(path, 'expected an array');
      return value.map((item, index) =>
        toDatum(schema.items as AvroSchema, item, `${path}[${index}]`, names),
      );
    case 'map': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'expected a map');
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [
          key,
          toDatum(schema.values as AvroSchema, item, `${path}.${key}`, names),
        ]),
      );
    }
    case 'fixed':
      return base64(value, path);
    case 'enum':
      return value;
    default:
      return toDatum(type, value, path, names);
  }
}

/** A checker of records against an Avro schema (and the schemas it references). */
export function avroChecker(
  schemaText: string,
  referenced: readonly string[] = [],
): (record: Json) => string[] {
  const names = new Map<string, AvroSchema>();
  const registry: Record<string, avro.Type> = {};
  for (const text of referenced) {
    const schema = JSON.parse(text) as AvroSchema;
    collectNames(schema, names);
    avro.Type.forSchema(schema as avro.Schema, { registry });
  }
  const schema = JSON.parse(schemaText) as AvroSchema;
  collectNames(schema, names);
  // Logical types are checked by the conversion above; avsc checks the underlying types.
  const type = avro.Type.forSchema(schema as avro.Schema, { registry, wrapUnions: false });
  return (record) => {
    try {
      const datum = toDatum(schema, record, '$', names);
      const problems: string[] = [];
      type.isValid(datum, {
        errorHook: (path, value) => problems.push(`$.${path.join('.')}: ${String(value)}`),
      });
      if (problems.length === 0) type.fromBuffer(type.toBuffer(datum));
      return problems;
    } catch (error) {
      return [error instanceof Error ? error.message : String(error)];
    }
  };
}

/** A checker of records against a JSON Schema (draft-07, formats; referenced documents added by `$id`). */
export function jsonSchemaChecker(
  schemaText: string,
  referenced: readonly string[] = [],
): (record: Json) => string[] {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  for (const text of referenced) ajv.addSchema(JSON.parse(text) as object);
  const validate = ajv.compile(JSON.parse(schemaText) as object);
  return (record) =>
    validate(record)
      ? []
      : (validate.errors ?? []).map(
          (error: { instancePath: string; message?: string }) =>
            `${error.instancePath || '$'} ${error.message}`,
        );
}

function toProtobufObject(type: protobuf.Type, value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'expected an object');
  const result: Record<string, unknown> = {};
  const setOneofs = new Map<string, string>();
  for (const [key, item] of Object.entries(value)) {
    const field = type.fields[key];
    if (field === undefined) fail(path, `unknown field ${key}`);
    if (item === null) continue;
    const oneof = field.partOf;
    if (oneof && !oneof.name.startsWith('_')) {
      const other = setOneofs.get(oneof.name);
      if (other !== undefined) fail(path, `oneof ${oneof.name} sets both ${other} and ${key}`);
      setOneofs.set(oneof.name, key);
    }
    const convert = (element: unknown, at: string): unknown => {
      const resolved = field.resolvedType;
      if (resolved instanceof protobuf.Enum) {
        if (typeof element !== 'string' || !(element in resolved.values))
          fail(at, `not a value of ${resolved.name}: ${element}`);
        return resolved.values[element];
      }
      if (resolved instanceof protobuf.Type) {
        if (resolved.fullName === '.google.protobuf.Timestamp') {
          const ms = parseInstant(element, at, false);
          return { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1_000_000 };
        }
        return toProtobufObject(resolved, element, at);
      }
      if (field.type === 'bytes') base64(element, at);
      return element;
    };
    if (field.map) {
      if (typeof item !== 'object' || Array.isArray(item)) fail(`${path}.${key}`, 'expected a map');
      result[key] = Object.fromEntries(
        Object.entries(item).map(([k, v]) => [k, convert(v, `${path}.${key}.${k}`)]),
      );
    } else if (field.repeated) {
      if (!Array.isArray(item)) fail(`${path}.${key}`, 'expected a list');
      result[key] = item.map((element, index) => convert(element, `${path}.${key}[${index}]`));
    } else result[key] = convert(item, `${path}.${key}`);
  }
  return result;
}

/** A checker of records against a Protobuf message of a schema (and the files it imports). */
export function protobufChecker(
  schemaText: string,
  messageName: string,
  referenced: readonly string[] = [],
): (record: Json) => string[] {
  const root = new protobuf.Root();
  for (const text of referenced) protobuf.parse(text, root, { keepCase: true });
  const parsed = protobuf.parse(schemaText, root, { keepCase: true });
  for (const name of parsed.imports ?? [])
    if (name.startsWith('google/protobuf/')) root.addJSON(protobuf.common.get(name)!.nested as never);
  root.resolveAll();
  const type = root.lookupType(messageName);
  return (record) => {
    try {
      const object = toProtobufObject(type, record, '$');
      const problem = type.verify(object);
      if (problem !== null) return [problem];
      type.decode(type.encode(type.fromObject(object)).finish());
      return [];
    } catch (error) {
      return [error instanceof Error ? error.message : String(error)];
    }
  };
}
