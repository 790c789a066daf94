/**
 * The inferred schema tree as catalog fields: each path's dominant type (or a mix) mapped onto a logical type
 * with BSON's names as the native type, documents as `object` fields with child fields (and attributes, so the
 * profiler measures every child by its type), arrays with their element, maps with their value schema, and
 * the observed presence and type mix kept beside (`Field.observed`).
 */
import type { LogicalType } from '../../../catalog/logical-type.js';
import type { Field, FieldType, ObservedShape } from '../../../catalog/model.js';
import type { BsonType } from '../bson-values.js';
import type { InferredField, InferredType } from './schema-tree.js';

/** BSON types as catalog types (type facts included). */
export const BSON_FIELD_TYPES: { readonly [T in BsonType]: FieldType } = {
  string: { logical: 'string', native: 'string' },
  int: { logical: 'integer', native: 'int', bits: 32 },
  long: { logical: 'integer', native: 'long', bits: 64 },
  double: { logical: 'float', native: 'double', bits: 64, special: ['nan', 'infinity'] },
  decimal: { logical: 'decimal', native: 'decimal', precision: 34 },
  bool: { logical: 'boolean', native: 'bool' },
  date: {
    logical: 'timestamptz',
    native: 'date',
    timePrecision: 3,
    zoned: true,
  },
  objectId: { logical: 'string', native: 'objectId', bits: 96, length: 24, fixedLength: true },
  uuid: { logical: 'uuid', native: 'uuid', bits: 128 },
  binData: { logical: 'binary', native: 'binData' },
  null: { logical: 'json', native: 'null' },
  object: { logical: 'object', native: 'object' },
  array: { logical: 'array', native: 'array' },
  timestamp: { logical: 'opaque', native: 'timestamp' },
  regex: { logical: 'opaque', native: 'regex' },
  javascript: { logical: 'opaque', native: 'javascript' },
  minKey: { logical: 'opaque', native: 'minKey' },
  maxKey: { logical: 'opaque', native: 'maxKey' },
};

const NUMBERS: ReadonlySet<BsonType> = new Set(['int', 'long', 'double', 'decimal']);

/** Catalog fields of the top level of an inferred schema, in the order first seen. */
export function toCatalogFields(fields: readonly InferredField[]): Field[] {
  return fields.map((field, index) => toCatalogField(field, index + 1));
}

function toCatalogField(field: InferredField, position: number): Field {
  const present = field.types.filter((type) => type.type !== 'null');
  const nulls = field.types.some((type) => type.type === 'null');
  const { type, fields } = fieldType(present);
  const observed: ObservedShape = {
    presence: field.presence,
    types: Object.fromEntries(field.types.map((entry) => [entry.type, entry.share])),
    ...describeInside(present),
  };
  return {
    name: field.name,
    position,
    type,
    nullable: nulls || field.presence < 1,
    ...(fields !== undefined && fields.length > 0 ? { fields } : {}),
    observed,
  };
}

function describeInside(present: readonly InferredType[]): Pick<ObservedShape, 'element' | 'map'> {
  const array = present.find((type) => type.type === 'array');
  const object = present.find((type) => type.type === 'object' && type.map !== undefined);
  const map = object?.map;
  return {
    ...(array?.element !== undefined && array.element.count > 0
      ? { element: toCatalogField(array.element, 1) }
      : {}),
    ...(map !== undefined
      ? {
          map: {
            keys: map.keys,
            size: { min: map.size.min, p50: map.size.p50, p95: map.size.p95, max: map.size.max },
            value: toCatalogField(map.value, 1),
          },
        }
      : {}),
  };
}

/** True for a field inferred as a map keyed by ids (profiled as the list of its values). */
export function isMapType(type: FieldType): boolean {
  return type.native.startsWith('map<');
}

/** The catalog type of the non-null types seen at a path (and the child fields of a document). */
function fieldType(present: readonly InferredType[]): { type: FieldType; fields?: Field[] } {
  const first = present[0];
  if (first === undefined) return { type: { logical: 'json', native: 'null' } };
  if (present.length === 1) return single(first);
  const native = present.map((type) => type.type).join('|');
  if (present.every((type) => NUMBERS.has(type.type))) {
    const logical: LogicalType = present.some((type) => type.type === 'decimal')
      ? 'decimal'
      : present.some((type) => type.type === 'double')
        ? 'float'
        : 'integer';
    return { type: { logical, native, ...(logical === 'integer' ? { bits: 64 } : {}) } };
  }
  // Polymorphic: measured as JSON (every kind kept by the accumulator); the type mix says which BSON types.
  return { type: { logical: 'json', native } };
}

function single(type: InferredType): { type: FieldType; fields?: Field[] } {
  const base = BSON_FIELD_TYPES[type.type];
  if (type.type === 'object') {
    // A map is profiled as the list of its values (keys are ids: data, never field names), so its type is an
    // array of the value type; `map<kind>` and `Field.observed.map` say what it really is.
    if (type.map !== undefined) {
      const values = type.map.value.types.filter((entry) => entry.type !== 'null');
      const element = fieldType(values).type;
      return { type: { logical: 'array', native: `map<${type.map.keys}>`, element, dimensions: 1 } };
    }
    const fields = toCatalogFields(type.fields ?? []);
    return {
      type: {
        ...base,
        attributes: fields.map((field) => ({ name: field.name, type: field.type })),
      },
      fields,
    };
  }
  if (type.type === 'array') {
    const elements = (type.element?.types ?? []).filter((entry) => entry.type !== 'null');
    const element = fieldType(elements).type;
    return { type: { ...base, element, dimensions: 1 } };
  }
  return { type: base };
}
