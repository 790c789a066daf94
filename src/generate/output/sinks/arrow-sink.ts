/**
 * Apache Arrow IPC files: one RecordBatch per batch of rows, typed columns (Bool, Int16/32/64, Float32/64,
 * DateDay, Timestamp in milliseconds with UTC for timestamptz, Binary), and UTF-8 text for the rest
 * (decimals as exact text, JSON/arrays/composites as JSON).
 */
import {
  Binary,
  Bool,
  type DataType,
  DateDay,
  Field,
  Float32,
  Float64,
  Int16,
  Int32,
  Int64,
  RecordBatch,
  RecordBatchFileWriter,
  Schema,
  Table,
  TimestampMillisecond,
  Utf8,
  type Vector,
  vectorFromArray,
} from 'apache-arrow';
import { encodeJson, encodePgText } from '../../../catalog/value-text.js';
import type { Value } from '../../../catalog/values.js';
import { integerLimits, isSinglePrecision } from '../../values/type-defaults.js';
import { parseEpochSeconds } from '../../values/value-text.js';
import type { AtomicFile } from './atomic-file.js';
import type { RowSink, SinkColumn } from './sink.js';

interface ArrowColumn {
  readonly name: string;
  readonly type: DataType;
  readonly convert: (value: Value) => unknown;
}

function toMilliseconds(value: Value): number | null {
  return typeof value === 'string' ? Math.round(parseEpochSeconds(value) * 1000) : null;
}

/** The Arrow type and value conversion of a column. */
export function describeArrowColumn(column: SinkColumn): ArrowColumn {
  const { name, type } = column;
  switch (type.logical) {
    case 'boolean':
      return { name, type: new Bool(), convert: (value) => value };
    case 'integer': {
      const [, max] = integerLimits(type);
      if (max <= 32767)
        return {
          name,
          type: new Int16(),
          convert: (value) => (typeof value === 'bigint' ? Number(value) : value),
        };
      if (max <= 2147483647)
        return {
          name,
          type: new Int32(),
          convert: (value) => (typeof value === 'bigint' ? Number(value) : value),
        };
      return {
        name,
        type: new Int64(),
        convert: (value) => (typeof value === 'number' ? BigInt(value) : value),
      };
    }
    case 'float':
      return isSinglePrecision(type)
        ? { name, type: new Float32(), convert: (value) => value }
        : { name, type: new Float64(), convert: (value) => value };
    case 'date':
      return {
        name,
        type: new DateDay(),
        convert: (value) => (typeof value === 'string' ? new Date(toMilliseconds(value) ?? 0) : null),
      };
    case 'timestamp':
      return { name, type: new TimestampMillisecond(), convert: toMilliseconds };
    case 'timestamptz':
      return { name, type: new TimestampMillisecond('UTC'), convert: toMilliseconds };
    case 'binary':
      return { name, type: new Binary(), convert: (value) => value };
    case 'json':
    case 'array':
    case 'object':
      return { name, type: new Utf8(), convert: (value) => encodeJson(value) };
    default:
      return {
        name,
        type: new Utf8(),
        convert: (value) => (typeof value === 'string' ? value : encodePgText(value, type)),
      };
  }
}

/** An Arrow IPC file sink over `file`. */
export function createArrowSink(file: AtomicFile, columns: readonly SinkColumn[]): RowSink {
  const described = columns.map(describeArrowColumn);
  // One schema for the whole file (every field nullable as declared): a table built from a batch would take
  // its nullability from that batch's data, and the writer closes itself when the schema changes.
  const schema = new Schema(described.map((column) => new Field(column.name, column.type, true)));
  const writer = new RecordBatchFileWriter();
  let wrote = false;
  const pump = (async () => {
    for await (const chunk of writer) await file.write(chunk);
  })();
  const toTable = (rows: readonly Record<string, Value>[]) => {
    const vectors: Record<string, Vector> = {};
    for (const column of described) {
      const values = rows.map((row) => {
        const value = row[column.name];
        return value === null || value === undefined ? null : column.convert(value);
      });
      vectors[column.name] = vectorFromArray(values, column.type);
    }
    return new Table(vectors);
  };
  return {
    async write(rows) {
      if (rows.length === 0) return;
      for (const batch of toTable(rows).batches) writer.write(new RecordBatch(schema, batch.data));
      wrote = true;
      // Yield so the pump can move bytes to the file before the next batch.
      await new Promise((resolve) => setImmediate(resolve));
    },
    async close() {
      if (!wrote) writer.write(new Table(schema));
      writer.finish();
      await pump;
      await file.commit();
    },
    async abort() {
      writer.abort();
      await pump.catch(() => undefined);
      await file.discard();
    },
  };
}
