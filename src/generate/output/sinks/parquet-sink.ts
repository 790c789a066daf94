/**
 * Apache Parquet files through hyparquet-writer: one row group per 64k rows, typed columns (BOOLEAN,
 * INT32/INT64, DOUBLE, DATE, TIMESTAMP_MILLIS, BYTE_ARRAY) and UTF-8 or JSON text for the rest (decimals as
 * exact text). Written under a temporary name and renamed when complete.
 */
import { rename, rm } from 'node:fs/promises';
import { fileWriter, ParquetWriter, type SchemaElement } from 'hyparquet-writer';
import { encodeJson, encodePgText } from '../../../catalog/value-text.js';
import type { Row, Value } from '../../../catalog/values.js';
import { integerLimits } from '../../values/type-defaults.js';
import { parseEpochSeconds } from '../../values/value-text.js';
import { temporaryPathOf } from './atomic-file.js';
import type { RowSink, SinkColumn } from './sink.js';

const ROW_GROUP = 65536;

interface ParquetColumn {
  readonly element: SchemaElement;
  readonly convert: (value: Value) => unknown;
}

function describeColumn(column: SinkColumn): ParquetColumn {
  const base = { name: column.name, repetition_type: column.nullable ? 'OPTIONAL' : 'REQUIRED' } as const;
  const { type } = column;
  const toDate = (value: Value) =>
    typeof value === 'string' ? new Date(Math.round(parseEpochSeconds(value) * 1000)) : null;
  switch (type.logical) {
    case 'boolean':
      return { element: { ...base, type: 'BOOLEAN' }, convert: (value) => value };
    case 'integer':
      return integerLimits(type)[1] <= 2147483647
        ? { element: { ...base, type: 'INT32' }, convert: (value) => Number(value) }
        : { element: { ...base, type: 'INT64' }, convert: (value) => BigInt(value as number | bigint) };
    case 'float':
      return { element: { ...base, type: 'DOUBLE' }, convert: (value) => value };
    case 'date':
      return { element: { ...base, type: 'INT32', converted_type: 'DATE' }, convert: toDate };
    case 'timestamp':
    case 'timestamptz':
      return { element: { ...base, type: 'INT64', converted_type: 'TIMESTAMP_MILLIS' }, convert: toDate };
    case 'binary':
      return { element: { ...base, type: 'BYTE_ARRAY' }, convert: (value) => value };
    case 'json':
    case 'array':
    case 'object':
      return {
        element: { ...base, type: 'BYTE_ARRAY', converted_type: 'JSON' },
        convert: (value) => encodeJson(value),
      };
    default:
      return {
        element: { ...base, type: 'BYTE_ARRAY', converted_type: 'UTF8' },
        convert: (value) => (typeof value === 'string' ? value : encodePgText(value, type)),
      };
  }
}

/** A Parquet sink writing `path` (atomically). */
export function createParquetSink(path: string, columns: readonly SinkColumn[]): RowSink {
  const temporaryPath = temporaryPathOf(path);
  const described = columns.map(describeColumn);
  const schema: SchemaElement[] = [
    { name: 'root', num_children: described.length },
    ...described.map((column) => column.element),
  ];
  const writer = new ParquetWriter({ writer: fileWriter(temporaryPath), schema, createdBy: 'doppel' });
  let pending: Row[] = [];
  const flush = async () => {
    if (pending.length === 0) return;
    const rows = pending;
    pending = [];
    const columnData = columns.map((column, position) => ({
      name: column.name,
      data: rows.map((row) => {
        const value = row[column.name];
        return value === null || value === undefined ? null : described[position]!.convert(value);
      }),
    }));
    await writer.write({ columnData: columnData as never, rowGroupSize: rows.length });
  };
  return {
    async write(rows) {
      for (const row of rows) pending.push(row);
      if (pending.length >= ROW_GROUP) await flush();
    },
    async close() {
      await flush();
      await writer.finish();
      await rename(temporaryPath, path);
    },
    async abort() {
      await rm(temporaryPath, { force: true });
    },
  };
}
