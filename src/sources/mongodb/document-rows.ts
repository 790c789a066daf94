/**
 * Sampled documents as rows for the profiler: neutral values (`bson-values.ts`), except that a field the
 * schema inference found to be a map keyed by ids (`map<...>`) is read as the list of its values, so that its
 * keys (ids: data) never become field names, and its values are measured together as one shape.
 */
import type { Field } from '../../catalog/model.js';
import type { Row, Value } from '../../catalog/values.js';
import { toNeutralValue } from './bson-values.js';
import { isMapType } from './infer/tree-to-fields.js';

interface Shape {
  readonly map: boolean;
  readonly children?: ReadonlyMap<string, Shape>;
}

function shapeOf(fields: readonly Field[] | undefined): ReadonlyMap<string, Shape> | undefined {
  if (fields === undefined) return undefined;
  const shapes = new Map<string, Shape>();
  for (const field of fields) {
    const children = shapeOf(field.fields);
    if (isMapType(field.type) || children !== undefined)
      shapes.set(field.name, { map: isMapType(field.type), ...(children !== undefined ? { children } : {}) });
  }
  return shapes.size > 0 ? shapes : undefined;
}

/** A converter from documents of a collection with `fields` to rows. */
export function createDocumentReader(
  fields: readonly Field[],
): (document: Readonly<Record<string, unknown>>) => Row {
  const shapes = shapeOf(fields);
  return (document) => convertDocument(document, shapes);
}

function convertDocument(
  document: Readonly<Record<string, unknown>>,
  shapes: ReadonlyMap<string, Shape> | undefined,
): { [key: string]: Value } {
  const row: { [key: string]: Value } = {};
  for (const key in document) {
    const value = document[key];
    if (value === undefined) continue;
    const shape = shapes?.get(key);
    row[key] = shape === undefined ? toNeutralValue(value) : convertShaped(value, shape);
  }
  return row;
}

function convertShaped(value: unknown, shape: Shape): Value {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Date)
    return toNeutralValue(value);
  if ((value as { _bsontype?: string })._bsontype !== undefined) return toNeutralValue(value);
  const record = value as Record<string, unknown>;
  if (shape.map) return Object.values(record).map((item) => toNeutralValue(item));
  return convertDocument(record, shape.children);
}
