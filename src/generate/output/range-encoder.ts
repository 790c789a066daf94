/**
 * Encoding one row range of a dataset into CSV (without header) or JSON Lines bytes, as the parallel text
 * output needs it in its worker threads and in this thread alike. Each batch's text is encoded into the
 * range's bytes at once, so no text outlives its batch (long-lived ropes would be copied by every
 * young-generation collection).
 */
import type { Generation } from '../engine.js';
import { type ColumnBatch, FILE_BATCH_ROWS, rowsOfBatch } from './column-batch.js';
import { createCsvSink } from './sinks/csv-sink.js';
import { createJsonlSink } from './sinks/jsonl-sink.js';
import type { ByteOutput, SinkColumn } from './sinks/sink.js';

/** The encoded bytes of rows `[start, end)`; the bytes are the caller's (a fresh buffer per range). */
export type RangeEncoder = (start: number, end: number) => Promise<Uint8Array>;

/** A range encoder for `dataset` of `generation`. */
export function createRangeEncoder(
  generation: Generation,
  dataset: string,
  format: 'csv' | 'jsonl',
  columns: readonly SinkColumn[],
): RangeEncoder {
  const compiled = generation.dataset(dataset);
  const encoder = new TextEncoder();
  let bytes = new Uint8Array(1 << 20);
  let used = 0;
  const reserve = (size: number) => {
    if (bytes.length - used >= size) return;
    const grown = new Uint8Array(Math.max(bytes.length * 2, used + size));
    grown.set(bytes.subarray(0, used));
    bytes = grown;
  };
  const output: ByteOutput = {
    async write(chunk) {
      if (typeof chunk === 'string') {
        reserve(chunk.length * 3);
        used += encoder.encodeInto(chunk, bytes.subarray(used)).written;
      } else {
        reserve(chunk.length);
        bytes.set(chunk, used);
        used += chunk.length;
      }
    },
    async commit() {},
    async discard() {},
  };
  const sink = format === 'csv' ? createCsvSink(output, columns, false) : createJsonlSink(output, columns);
  const batchSize = generation.input.options.batchSize ?? FILE_BATCH_ROWS;
  const batchColumns = compiled.fields.map(() => new Array(batchSize).fill(null));
  return async (start, end) => {
    used = 0;
    for (let from = start; from < end; from += batchSize) {
      const length = Math.min(end, from + batchSize) - from;
      compiled.fillColumns(from, length, batchColumns);
      const batch: ColumnBatch = { fields: compiled.fields, columns: batchColumns, length, start: from };
      await (sink.writeColumns ? sink.writeColumns(batch) : sink.write(rowsOfBatch(batch)));
    }
    return bytes.slice(0, used);
  };
}
