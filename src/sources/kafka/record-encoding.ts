/**
 * How a dataset's rows become Kafka record keys and values. With a schema registry: Confluent's wire format
 * (magic byte 0, the schema id as a big-endian int32, then the payload), Avro by default or JSON Schema
 * (the payload is the JSON doppel writes), with the dataset's value and key schemas from doppel's own
 * converters (src/export), checked and registered under the topic's subjects (`<topic>-value`,
 * `<topic>-key`) by the same code as `doppel export` before the first record is written. Without a
 * registry: plain JSON values. Keys come from the primary key (so partitioning follows it): a one-field key
 * is its value's JSON, a composite one a JSON object; a dataset without a primary key has null keys.
 */

import { encodeJson } from '../../catalog/value-text.js';
import type { Row, Value } from '../../catalog/values.js';
import { checkAndRegister, planSubjects } from '../../export/export-profile.js';
import { describeKeyRecord, describeValueRecord, type ExportRecord } from '../../export/record.js';
import { avroTypeOf, compileAvroRecord } from '../../export/to-avro.js';
import { DoppelError } from '../../shared/errors.js';
import type { DatasetTask } from '../../tasks/types.js';
import type { RegistryClient } from '../registry/registry-client.js';

export type ValueEncoding = 'avro' | 'json-schema';

export interface RecordEncoder {
  /** The record's key, or null when the dataset has no primary key. */
  key(row: Row): Buffer | null;
  value(row: Row): Buffer;
  /** Registry ids of the value and key schemas (absent without a registry). */
  readonly schemaIds?: { readonly value: number; readonly key?: number };
}

/** The magic byte that starts Confluent's wire format. */
export const WIRE_MAGIC = 0;

/** `payload` framed in Confluent's wire format with schema `id`. */
export function frameWire(id: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.writeUInt8(WIRE_MAGIC, 0);
  header.writeInt32BE(id, 1);
  return Buffer.concat([header, payload]);
}

/** The schema id and payload of a message in Confluent's wire format, or undefined when it is not one. */
export function unframeWire(message: Buffer): { readonly id: number; readonly payload: Buffer } | undefined {
  if (message.length < 5 || message.readUInt8(0) !== WIRE_MAGIC) return undefined;
  return { id: message.readInt32BE(1), payload: message.subarray(5) };
}

type Serializer = (row: Row) => Buffer;

function projectRow(record: ExportRecord, row: Row): Row {
  const projected: { [name: string]: Value } = {};
  for (const field of record.fields) projected[field.name] = row[field.name] ?? null;
  return projected;
}

function jsonSerializer(record: ExportRecord): Serializer {
  return (row) => Buffer.from(encodeJson(projectRow(record, row)));
}

function avroSerializer(record: ExportRecord): Serializer {
  const codec = compileAvroRecord(record);
  const type = avroTypeOf(codec.schema);
  return (row) => type.toBuffer(codec.toAvro(projectRow(record, row)));
}

/** A plain key: a one-field key's value as JSON, a composite key's fields as a JSON object. */
function plainKeySerializer(record: ExportRecord): Serializer {
  const only = record.fields.length === 1 ? record.fields[0]!.name : undefined;
  return only === undefined ? jsonSerializer(record) : (row) => Buffer.from(encodeJson(row[only] ?? null));
}

/**
 * The encoder of `task`'s records written into `topic`: with `registry`, its schemas are checked and
 * registered first (an incompatible subject refuses the run before anything is written).
 */
export async function createRecordEncoder(
  task: DatasetTask,
  topic: string,
  registry: RegistryClient | undefined,
  encoding: ValueEncoding,
  signal?: AbortSignal,
): Promise<RecordEncoder> {
  const valueRecord = describeValueRecord(task);
  const keyRecord = describeKeyRecord(task);
  if (registry === undefined) {
    const key = keyRecord === undefined ? undefined : plainKeySerializer(keyRecord);
    const value = jsonSerializer(valueRecord);
    return { key: (row) => key?.(row) ?? null, value };
  }
  const planned = planSubjects(
    { datasets: [task] },
    { format: encoding, strategy: 'topic', topic: topic.replace(/[{}]/g, '_'), keys: true },
  );
  const reports = await checkAndRegister(registry, planned, signal ? { signal } : {});
  const refused = reports.filter((report) => report.status === 'incompatible');
  if (refused.length > 0)
    throw new DoppelError(
      'refused',
      `The schema registry refused ${refused.map((report) => `${report.subject} (${(report.messages ?? []).join('; ') || 'incompatible'})`).join(', ')}; nothing was written to ${topic}.`,
    );
  const idOf = (part: 'key' | 'value') => reports.find((report) => report.part === part)?.id;
  const valueId = idOf('value');
  if (valueId === undefined)
    throw new DoppelError('refused', `The schema registry gave no id for ${topic}-value.`);
  const serialize = encoding === 'avro' ? avroSerializer : jsonSerializer;
  const value = serialize(valueRecord);
  const keyId = idOf('key');
  const key = keyRecord === undefined || keyId === undefined ? undefined : serialize(keyRecord);
  return {
    key: (row) => (key === undefined ? null : frameWire(keyId!, key(row))),
    value: (row) => frameWire(valueId, value(row)),
    schemaIds: { value: valueId, ...(keyId === undefined ? {} : { key: keyId }) },
  };
}
