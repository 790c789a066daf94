/**
 * Picks the sink for a format and a destination: one file per dataset in a directory (named from the
 * dataset name, made safe for file systems), or a stream (stdout) for the text formats.
 */
import type { Writable } from 'node:stream';
import { DoppelError } from '../../../shared/errors.js';
import { createArrowSink } from './arrow-sink.js';
import { openAtomicFile } from './atomic-file.js';
import { createCsvSink } from './csv-sink.js';
import { createJsonlSink } from './jsonl-sink.js';
import { createParquetSink } from './parquet-sink.js';
import {
  createStreamOutput,
  type FileFormat,
  FORMAT_EXTENSIONS,
  type RowSink,
  type SinkColumn,
} from './sink.js';

/** A file name for a dataset: `public.orders` → `public.orders.csv`; unsafe characters become `_`. */
export function datasetFileName(dataset: string, format: FileFormat): string {
  const safe = dataset.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
  return `${safe === '' ? '_' : safe}.${FORMAT_EXTENSIONS[format]}`;
}

/** A sink writing `path` atomically in `format`. */
export function openFileSink(path: string, format: FileFormat, columns: readonly SinkColumn[]): RowSink {
  switch (format) {
    case 'csv':
      return createCsvSink(openAtomicFile(path), columns);
    case 'jsonl':
      return createJsonlSink(openAtomicFile(path), columns);
    case 'arrow':
      return createArrowSink(openAtomicFile(path), columns);
    case 'parquet':
      return createParquetSink(path, columns);
  }
}

/** A sink writing to a stream (stdout); only the text formats can be streamed. */
export function openStreamSink(
  stream: Writable,
  format: FileFormat,
  columns: readonly SinkColumn[],
): RowSink {
  if (format === 'csv') return createCsvSink(createStreamOutput(stream), columns);
  if (format === 'jsonl') return createJsonlSink(createStreamOutput(stream), columns);
  throw new DoppelError(
    'usage',
    `The ${format} format cannot be written to stdout; use csv or jsonl, or a directory.`,
  );
}
