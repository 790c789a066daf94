/**
 * BSON values as the driver returns them with `promoteValues: false` (so that int32, int64 and double stay
 * apart), named by their BSON type and converted into doppel's neutral values (`catalog/values.ts`):
 * ObjectId as its 24 hex digits, dates as UTC timestamps, int64 as a number when safe (a bigint beyond),
 * Decimal128 as exact decimal text, UUIDs as text, other binaries as bytes, documents and arrays recursively.
 */
import type { Value } from '../../catalog/values.js';

/** BSON type names as MongoDB's `$type` spells them (the ones doppel distinguishes). */
export const BSON_TYPES = [
  'string',
  'int',
  'long',
  'double',
  'decimal',
  'bool',
  'date',
  'objectId',
  'uuid',
  'binData',
  'null',
  'object',
  'array',
  'timestamp',
  'regex',
  'javascript',
  'minKey',
  'maxKey',
] as const;

export type BsonType = (typeof BSON_TYPES)[number];

interface BsonTagged {
  readonly _bsontype?: string;
  readonly sub_type?: number;
}

const BY_TAG: Readonly<Record<string, BsonType>> = {
  ObjectId: 'objectId',
  Int32: 'int',
  Double: 'double',
  Long: 'long',
  Decimal128: 'decimal',
  Timestamp: 'timestamp',
  BSONRegExp: 'regex',
  Code: 'javascript',
  MinKey: 'minKey',
  MaxKey: 'maxKey',
};

/** The BSON type of a value the driver returned; undefined for `undefined` (a missing key). */
export function bsonTypeOf(value: unknown): BsonType | undefined {
  if (value === undefined) return undefined;
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'number':
      // Promoted values (a driver without promoteValues: false): whole numbers read as int.
      return Number.isInteger(value) && Math.abs(value) <= 2147483647 ? 'int' : 'double';
    case 'bigint':
      return 'long';
    case 'object':
      break;
    default:
      return undefined;
  }
  if (value instanceof Date) return 'date';
  if (Array.isArray(value)) return 'array';
  if (value instanceof RegExp) return 'regex';
  const tag = (value as BsonTagged)._bsontype;
  if (tag === 'Binary') return (value as BsonTagged).sub_type === 4 ? 'uuid' : 'binData';
  if (tag !== undefined) return BY_TAG[tag] ?? 'object';
  if (value instanceof Uint8Array) return 'binData';
  return 'object';
}

/** Converts a driver value into the neutral representation. */
export function toNeutralValue(value: unknown): Value {
  switch (bsonTypeOf(value)) {
    case undefined:
    case 'null':
    case 'minKey':
    case 'maxKey':
      return null;
    case 'string':
    case 'bool':
      return value as string | boolean;
    case 'int':
    case 'double':
      return typeof value === 'number' ? value : (value as { valueOf(): number }).valueOf();
    case 'long': {
      if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value;
      const big = BigInt((value as { toString(): string }).toString());
      return Number.isSafeInteger(Number(big)) ? Number(big) : big;
    }
    case 'decimal':
    case 'objectId':
    case 'timestamp':
    case 'regex':
    case 'javascript':
      return String(value);
    case 'date': {
      const time = (value as Date).getTime();
      return Number.isNaN(time) ? null : (value as Date).toISOString();
    }
    case 'uuid':
      return (value as { toHexString(includeDashes?: boolean): string }).toHexString(true);
    case 'binData': {
      const buffer = (value as { buffer?: Uint8Array }).buffer ?? (value as Uint8Array);
      return new Uint8Array(buffer);
    }
    case 'array':
      return (value as unknown[]).map(toNeutralValue);
    case 'object':
      return toNeutralDocument(value as Record<string, unknown>);
  }
}

/** Converts a document into a row (keys in document order). */
export function toNeutralDocument(document: Readonly<Record<string, unknown>>): { [key: string]: Value } {
  const row: { [key: string]: Value } = {};
  for (const key in document) {
    const value = document[key];
    if (value !== undefined) row[key] = toNeutralValue(value);
  }
  return row;
}
