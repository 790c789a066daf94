/**
 * The JSON Schema converter (draft-07, which Confluent-compatible registries accept): a dataset's record as
 * a closed object (`additionalProperties: false`, so that adding a nullable field is a compatible change)
 * with `required` for the fields that are never null, enums, formats (email, uuid, date, date-time) and
 * patterns where they are published. It describes the JSON doppel writes (JSON Lines, Kafka JSON values):
 * decimals as exact text, binary as base64, timestamps as ISO text.
 */
import type { LogicalType } from '../catalog/logical-type.js';
import type { JsonValue } from '../tasks/types.js';
import { type ExportRecord, type JsonObject, recordNameOf, type SchemaConverter } from './record.js';
import { type NamedShape, type Shape, shapeOfField } from './shape.js';

export const JSON_SCHEMA_DRAFT = 'http://json-schema.org/draft-07/schema#';

type Mutable = { [key: string]: JsonValue };
type Describer = (shape: Shape) => Mutable;

const DECIMAL_TEXT = '^[+-]?[0-9]+(\\.[0-9]+)?$';
const TIME_TEXT = '^[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,6})?([+-][0-9]{2}(:?[0-9]{2})?)?$';
const TIMESTAMP_TEXT = '^[0-9]{4,}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,6})?$';

function text(shape: Shape): Mutable {
  const schema: Mutable = { type: 'string' };
  if (shape.type.length !== undefined && shape.type.logical === 'string')
    schema.maxLength = shape.type.length;
  if (shape.email) schema.format = 'email';
  if (shape.pattern !== undefined) schema.pattern = `^(?:${shape.pattern})$`;
  return schema;
}

function array(shape: Shape): Mutable {
  let items = describeOptional(
    shape.element ?? { type: { logical: 'opaque', native: 'unknown' }, optional: true },
  );
  for (let level = 1; level < (shape.dimensions ?? 1); level++) items = { type: 'array', items };
  return { type: 'array', items };
}

/** An object: closed when its keys are all known (a record, a composite), open for a profiled document. */
function object(children: readonly NamedShape[], closed: boolean): Mutable {
  const properties: Mutable = {};
  for (const { name, shape } of children) properties[name] = describeOptional(shape);
  const required = children.filter(({ shape }) => !shape.optional).map(({ name }) => name);
  return {
    type: 'object',
    properties,
    ...(required.length > 0 ? { required } : {}),
    ...(closed ? { additionalProperties: false } : {}),
  };
}

const DESCRIBERS: { readonly [T in LogicalType]: Describer } = {
  boolean: () => ({ type: 'boolean' }),
  integer: () => ({ type: 'integer' }),
  float: () => ({ type: 'number' }),
  decimal: () => ({ type: 'string', pattern: DECIMAL_TEXT }),
  string: text,
  enum: (shape) => (shape.type.labels?.length ? { enum: [...shape.type.labels] } : text(shape)),
  uuid: () => ({ type: 'string', format: 'uuid' }),
  date: () => ({ type: 'string', format: 'date' }),
  time: () => ({ type: 'string', pattern: TIME_TEXT }),
  timestamp: () => ({ type: 'string', pattern: TIMESTAMP_TEXT }),
  timestamptz: () => ({ type: 'string', format: 'date-time' }),
  interval: text,
  binary: () => ({ type: 'string', contentEncoding: 'base64' }),
  json: (shape) =>
    shape.children !== undefined
      ? object(shape.children, shape.closed === true)
      : shape.element !== undefined
        ? array(shape)
        : {},
  array,
  object: (shape) => (shape.children !== undefined ? object(shape.children, shape.closed === true) : {}),
  inet: text,
  cidr: text,
  macaddr: text,
  bit: text,
  tsvector: text,
  range: text,
  opaque: text,
};

/** The schema of a shape, admitting null when it may be null. */
function describeOptional(shape: Shape): Mutable {
  const schema = DESCRIBERS[shape.type.logical](shape);
  if (shape.doc !== undefined) schema.description = shape.doc;
  if (!shape.optional) return schema;
  if (Array.isArray(schema.enum)) return { ...schema, enum: [...schema.enum, null] };
  if (typeof schema.type === 'string') return { ...schema, type: [schema.type, 'null'] };
  return schema; // no type: any JSON value, null included
}

/** The JSON Schema converter (the signature every converter shares). */
export const toJsonSchema: SchemaConverter = (record: ExportRecord) => {
  const recordName = recordNameOf(record);
  const children = record.fields.map((field) => ({ name: field.name, shape: shapeOfField(field) }));
  const schema: JsonObject = {
    $schema: JSON_SCHEMA_DRAFT,
    title: recordName,
    ...(record.doc === undefined ? {} : { description: record.doc }),
    ...object(children, true),
  };
  return { format: 'json-schema', schemaType: 'JSON', recordName, schema };
};
