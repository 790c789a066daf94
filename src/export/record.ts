/**
 * What the schema converters share: the record a dataset becomes (its value, and its key when it has a
 * primary key), the one signature every converter has, and the schema it returns. Converters are pure:
 * task file in, schema document out; the registry and the files are written elsewhere.
 */
import type { DatasetTask, FieldTask, JsonValue } from '../tasks/types.js';
import { encodeAvroName } from './avro-names.js';

export const SCHEMA_FORMATS = ['avro', 'json-schema'] as const;
export type SchemaFormat = (typeof SCHEMA_FORMATS)[number];

/** A dataset's value (every field) or key (its primary key's fields), as a record to describe. */
export interface ExportRecord {
  /** The dataset's qualified name in the source. */
  readonly dataset: string;
  readonly part: 'key' | 'value';
  /** Avro-safe record name and namespace (`encodeAvroName`). */
  readonly name: string;
  readonly namespace?: string;
  readonly doc?: string;
  readonly fields: readonly FieldTask[];
}

export type JsonObject = { readonly [key: string]: JsonValue };

export interface ExportedSchema {
  readonly format: SchemaFormat;
  /** The registry's `schemaType`. */
  readonly schemaType: 'AVRO' | 'JSON';
  /** The record's full name (`namespace.name`), the same in every format: what record-name subjects use. */
  readonly recordName: string;
  readonly schema: JsonObject;
}

/** The signature of every converter (`to-avro.ts`, `to-json-schema.ts`). */
export type SchemaConverter = (record: ExportRecord) => ExportedSchema;

/** The full name of a record. */
export function recordNameOf(record: Pick<ExportRecord, 'name' | 'namespace'>): string {
  return record.namespace === undefined ? record.name : `${record.namespace}.${record.name}`;
}

/** The value record of a dataset: every field, in order. */
export function describeValueRecord(task: DatasetTask): ExportRecord {
  const { dataset } = task;
  return {
    dataset: dataset.name,
    part: 'value',
    name: encodeAvroName(dataset.local),
    ...(dataset.namespace === undefined ? {} : { namespace: encodeAvroName(dataset.namespace) }),
    ...(dataset.comment === undefined ? {} : { doc: dataset.comment }),
    fields: task.fields,
  };
}

/** The key record of a dataset (its primary key's fields), or undefined when it has no primary key. */
export function describeKeyRecord(task: DatasetTask): ExportRecord | undefined {
  const keyFields = task.keys.primary?.fields ?? [];
  const fields = keyFields
    .map((name) => task.fields.find((field) => field.name === name))
    .filter((field): field is FieldTask => field !== undefined);
  if (fields.length === 0 || fields.length !== keyFields.length) return undefined;
  const value = describeValueRecord(task);
  return {
    ...value,
    part: 'key',
    name: encodeAvroName(`${task.dataset.local}_key`),
    doc: `Primary key of ${task.dataset.name}`,
    fields,
  };
}
