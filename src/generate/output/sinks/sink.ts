/**
 * The sink contract for files and streams: batches of rows in, bytes out, all or nothing. Each format lives
 * in its own file (`csv-sink.ts`, `jsonl-sink.ts`, `arrow-sink.ts`, `parquet-sink.ts`); `open-sink.ts` picks one.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Row } from '../../../catalog/values.js';
import type { TypeTask } from '../../../tasks/types.js';
import type { ColumnBatch } from '../column-batch.js';

export const FILE_FORMATS = ['csv', 'jsonl', 'parquet', 'arrow'] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];

/** File extension per format. */
export const FORMAT_EXTENSIONS: { readonly [F in FileFormat]: string } = {
  csv: 'csv',
  jsonl: 'jsonl',
  parquet: 'parquet',
  arrow: 'arrow',
};

export interface SinkColumn {
  readonly name: string;
  readonly type: TypeTask;
  readonly nullable: boolean;
  /** Values are never text needing CSV quotes (numbers, booleans, non-empty text without `,` `"` or breaks). */
  readonly plain?: boolean;
}

export interface RowSink {
  /** Writes a batch, resolving when the output can take more. */
  write(rows: readonly Row[]): Promise<void>;
  /** Writes a column batch (the fast path; sinks without it get rows). The batch may be reused afterwards. */
  writeColumns?(batch: ColumnBatch): Promise<void>;
  /** Writes rows already encoded in this sink's format (by a worker thread), after the header if any. */
  writeEncoded?(bytes: Uint8Array): Promise<void>;
  /** Completes the output (renames a file into place). */
  close(): Promise<void>;
  /** Drops everything written (removes the temporary file). */
  abort(): Promise<void>;
}

/** Where a text sink's bytes go: an atomic file or a stream such as stdout. */
export interface ByteOutput {
  write(chunk: string | Uint8Array): Promise<void>;
  commit(): Promise<void>;
  discard(): Promise<void>;
}

/** A byte output over a stream that is not ours to close (stdout): back-pressure only. */
export function createStreamOutput(stream: Writable): ByteOutput {
  return {
    async write(chunk) {
      if (!stream.write(chunk)) await once(stream, 'drain');
    },
    async commit() {},
    async discard() {},
  };
}
