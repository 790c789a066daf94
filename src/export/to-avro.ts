/**
 * The Avro converter: a dataset's record as an Avro record schema (logical types for decimals, dates,
 * times, timestamps and uuids; enums; arrays; nested records for composites and JSON shapes; nullable
 * fields as `["null", T]` defaulting to null; Avro-safe, reversible names), and the codec that turns rows into
 * the data that schema describes and back.
 */
import avro from 'avsc';
import type { Row } from '../catalog/values.js';
import { createAvroNaming, describeFields } from './avro-types.js';
import { AVRO_LONG } from './avro-values.js';
import { type ExportRecord, type JsonObject, recordNameOf, type SchemaConverter } from './record.js';
import { shapeOfField } from './shape.js';

/** A record's Avro schema with the conversions of its rows. */
export interface AvroRecordCodec {
  readonly schema: JsonObject;
  /** A row as the datum the schema describes (field names made Avro-safe, logical types encoded). */
  readonly toAvro: (row: Row) => Record<string, unknown>;
  /** A datum read with the schema, as a row with the source's field names and doppel's value forms. */
  readonly fromAvro: (datum: unknown) => Row;
}

/** Builds the schema and the codec of `record` from one walk over its fields. */
export function compileAvroRecord(record: ExportRecord): AvroRecordCodec {
  const naming = createAvroNaming();
  const name = naming.unique(record.name);
  const children = record.fields.map((field) => ({ name: field.name, shape: shapeOfField(field) }));
  const described = describeFields(children, { naming, path: name });
  const schema: JsonObject = {
    type: 'record',
    name,
    ...(record.namespace === undefined ? {} : { namespace: record.namespace }),
    ...(record.doc === undefined ? {} : { doc: record.doc }),
    fields: described.fields,
  };
  return {
    schema,
    toAvro: described.toAvro,
    fromAvro: (datum) => described.fromAvro(datum) as Row,
  };
}

/** The Avro converter (the signature every converter shares). */
export const toAvro: SchemaConverter = (record) => ({
  format: 'avro',
  schemaType: 'AVRO',
  recordName: recordNameOf(record),
  schema: compileAvroRecord(record).schema,
});

/** Options for avsc that every reader and writer of doppel's Avro uses: longs beyond 2^53 as bigints. */
export const AVSC_OPTIONS = { registry: { long: AVRO_LONG } } as const;

/** The avsc type of an Avro schema, with doppel's long type. */
export function avroTypeOf(schema: JsonObject): avro.Type {
  return avro.Type.forSchema(schema as avro.Schema, { registry: { ...AVSC_OPTIONS.registry } });
}
