/**
 * Generated rows as BSON documents: each field's neutral value (`catalog/values.ts`) written as the BSON type
 * its task says, so that int32, int64, double and Decimal128 stay apart and ObjectIds, dates and UUIDs are
 * real BSON values again rather than text. The BSON type comes from the field's native type when the profile
 * came from MongoDB (`int`, `long`, `objectId`, a mix such as `int|string`, `map<objectId>`), else from its
 * logical type and type facts (a PostgreSQL or MySQL profile generated into MongoDB). A null of a field that
 * was sometimes missing in the source and (mostly) not null there is written as a missing key: the generator's
 * null share of such a field is its missing share.
 */
import { Binary, Decimal128, type Document, Double, Int32, Long, ObjectId, UUID } from 'mongodb';
import type { Value } from '../../../catalog/values.js';
import type { DatasetTask, FieldTask, TypeTask } from '../../../tasks/types.js';

/** Writes one neutral value as BSON; `undefined` means the key is left out. */
type WriteValue = (value: Value) => unknown;

const INT32_MAX = 2147483647;
const HEX_24 = /^[0-9a-f]{24}$/i;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/;
const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DECIMAL_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A converter from generated rows of `task` to BSON documents (fields in task order). */
export function createDocumentWriter(task: DatasetTask): (row: Readonly<Record<string, Value>>) => Document {
  return compileDocument(task.fields);
}

function compileDocument(fields: readonly FieldTask[]): (row: Readonly<Record<string, Value>>) => Document {
  const writers = fields.map((field) => [field.name, compileField(field)] as const);
  return (row) => {
    const document: Document = {};
    for (const [name, write] of writers) {
      const value = row[name];
      if (value === undefined) continue;
      const written = write(value);
      if (written !== undefined) document[name] = written;
    }
    return document;
  };
}

/** A field's writer, with its nulls written as missing keys where the source had missing keys instead. */
function compileField(field: FieldTask): WriteValue {
  const write = compileType(field.type, field);
  const missing = nullMeansMissing(field);
  return (value) => (value === null ? (missing ? undefined : null) : write(value));
}

/**
 * Whether a null stands for a missing key: the path was missing in some documents and the share missing is
 * larger than the share explicitly null (`stats.types.null` is a share of the values present).
 */
export function nullMeansMissing(field: FieldTask): boolean {
  const presence = field.stats?.presence;
  if (presence === undefined || presence >= 1) return false;
  const nullShare = (field.stats?.types?.null ?? 0) * presence;
  return 1 - presence > nullShare;
}

function compileType(type: TypeTask, field: FieldTask | undefined): WriteValue {
  const native = type.native;
  if (native.startsWith('map<')) return compileMap(field);
  if (native.includes('|')) return compileMix(native.split('|'), field);
  switch (native) {
    case 'objectId':
      return writeObjectId;
    case 'int':
      return writeInt32;
    case 'long':
      return writeLong;
    case 'double':
      return writeDouble;
    case 'decimal':
      return writeDecimal;
    case 'date':
      return writeDate;
    case 'uuid':
      return writeUuid;
    case 'binData':
      return writeBinary;
    case 'string':
      return (value) => (typeof value === 'string' ? value : JSON.stringify(value));
    case 'bool':
      return (value) => (typeof value === 'boolean' ? value : value === 'true' || value === 1);
    case 'null':
      return () => null;
    case 'object':
      return compileObject(field);
    case 'array':
      return compileArray(type, field);
    default:
      return compileLogical(type, field);
  }
}

/** Types of a profile from another kind of source, by their logical type and facts. */
function compileLogical(type: TypeTask, field: FieldTask | undefined): WriteValue {
  switch (type.logical) {
    case 'integer':
      return (type.bits ?? 64) <= 32 ? writeInt32 : writeLong;
    case 'float':
      return writeDouble;
    case 'decimal':
      return writeDecimal;
    case 'date':
    case 'timestamp':
    case 'timestamptz':
      return writeDate;
    case 'uuid':
      return writeUuid;
    case 'binary':
      return writeBinary;
    case 'object':
      return compileObject(field);
    case 'array':
      return compileArray(type, field);
    case 'json':
      return writePlain;
    default:
      return (value) => (typeof value === 'string' || typeof value === 'boolean' ? value : writePlain(value));
  }
}

function compileObject(field: FieldTask | undefined): WriteValue {
  if (field?.fields === undefined || field.fields.length === 0) return writePlain;
  const write = compileDocument(field.fields);
  return (value) => (isRecord(value) ? write(value) : writePlain(value));
}

function compileArray(type: TypeTask, field: FieldTask | undefined): WriteValue {
  const element = field?.element;
  const writeElement: WriteValue = element
    ? compileField(element)
    : type.element
      ? compileType(type.element, undefined)
      : writePlain;
  return (value) =>
    Array.isArray(value) ? value.map((item: Value) => writeElement(item) ?? null) : writePlain(value);
}

/** A map keyed by ids: the generator gives it as a document (keys are text in BSON anyway). */
function compileMap(field: FieldTask | undefined): WriteValue {
  const valueField = field?.map?.value;
  const elementField = field?.element;
  const writeValue: WriteValue = valueField
    ? compileType(valueField.type, elementField ?? valueField)
    : elementField
      ? compileField(elementField)
      : writePlain;
  return (value) => {
    if (isRecord(value)) {
      const document: Document = {};
      for (const [key, item] of Object.entries(value)) document[key] = writeValue(item) ?? null;
      return document;
    }
    // Values without their keys (a profile edited into a plain array): keyed by position.
    if (Array.isArray(value))
      return Object.fromEntries(value.map((item: Value, index) => [String(index), writeValue(item) ?? null]));
    return writePlain(value);
  };
}

/**
 * A field of several BSON types (`int|string`, `double|int`): each value is written as the type of the mix
 * its shape fits (a whole number as int when the mix has int and it fits, else long, else double; hex of 24
 * as an ObjectId, an ISO time as a date, ... when the mix has those), the rest as its plain JSON value.
 */
function compileMix(types: readonly string[], field: FieldTask | undefined): WriteValue {
  const has = new Set(types);
  const writeObject = has.has('object') ? compileObject(field) : writePlain;
  const writeArray = has.has('array') && field?.type ? compileArray(field.type, field) : writePlain;
  return (value) => {
    if (typeof value === 'number') {
      if (Number.isInteger(value)) {
        if (has.has('int') && Math.abs(value) <= INT32_MAX) return new Int32(value);
        if (has.has('long')) return Long.fromNumber(value);
      }
      if (has.has('double')) return new Double(value);
      if (has.has('decimal')) return Decimal128.fromString(String(value));
      return value;
    }
    if (typeof value === 'bigint') return Long.fromBigInt(value);
    if (typeof value === 'string') {
      if (has.has('objectId') && HEX_24.test(value)) return ObjectId.createFromHexString(value);
      if (has.has('date') && ISO_TIME.test(value) && !has.has('string')) return new Date(value);
      if (has.has('uuid') && UUID_TEXT.test(value)) return new UUID(value);
      if (has.has('decimal') && DECIMAL_TEXT.test(value) && !has.has('string'))
        return Decimal128.fromString(value);
      return value;
    }
    if (value instanceof Uint8Array) return new Binary(value);
    if (Array.isArray(value)) return writeArray(value);
    if (isRecord(value)) return writeObject(value);
    return value;
  };
}

function isRecord(value: Value): value is { readonly [key: string]: Value } {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)
  );
}

function writePlain(value: Value): unknown {
  if (typeof value === 'bigint') return Long.fromBigInt(value);
  if (value instanceof Uint8Array) return new Binary(value);
  if (Array.isArray(value)) return value.map((item: Value) => writePlain(item));
  if (isRecord(value))
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, writePlain(item)]));
  return value;
}

function writeObjectId(value: Value): unknown {
  return typeof value === 'string' && HEX_24.test(value)
    ? ObjectId.createFromHexString(value)
    : writePlain(value);
}

function writeInt32(value: Value): unknown {
  if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= INT32_MAX)
    return new Int32(value);
  if (typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value)))
    return writeLong(value);
  return writeDouble(value);
}

function writeLong(value: Value): unknown {
  if (typeof value === 'bigint') return Long.fromBigInt(value);
  if (typeof value === 'number') return Number.isInteger(value) ? Long.fromNumber(value) : new Double(value);
  if (typeof value === 'string' && /^[+-]?\d+$/.test(value)) return Long.fromString(value);
  return writePlain(value);
}

function writeDouble(value: Value): unknown {
  if (typeof value === 'number') return new Double(value);
  if (typeof value === 'bigint') return new Double(Number(value));
  if (typeof value === 'string' && DECIMAL_TEXT.test(value)) return new Double(Number(value));
  return writePlain(value);
}

function writeDecimal(value: Value): unknown {
  if (typeof value === 'string' && DECIMAL_TEXT.test(value)) return Decimal128.fromString(value);
  if (typeof value === 'number' && Number.isFinite(value)) return Decimal128.fromString(String(value));
  if (typeof value === 'bigint') return Decimal128.fromString(value.toString());
  return writePlain(value);
}

function writeDate(value: Value): unknown {
  if (typeof value === 'string') {
    // Zoneless text (`2024-05-01T10:00:00`, `2024-05-01`) is read as UTC, as MongoDB stores every date.
    const text = value.includes('T')
      ? value
      : value.length <= 10
        ? `${value}T00:00:00`
        : value.replace(' ', 'T');
    const date = new Date(/(?:Z|[+-]\d{2}(?::?\d{2})?)$/.test(text.slice(10)) ? text : `${text}Z`);
    return Number.isNaN(date.getTime()) ? value : date;
  }
  if (typeof value === 'number') return new Date(value);
  return writePlain(value);
}

function writeUuid(value: Value): unknown {
  return typeof value === 'string' && UUID_TEXT.test(value) ? new UUID(value) : writePlain(value);
}

function writeBinary(value: Value): unknown {
  return value instanceof Uint8Array ? new Binary(value) : writePlain(value);
}

/** A key value (of `field`, as the generator gives it) as the BSON value stored, for deletes by key. */
export function toBsonKey(field: FieldTask | undefined, value: Value): unknown {
  if (field === undefined) return writePlain(value);
  return compileType(field.type, field)(value) ?? null;
}
