/**
 * A dataset's rows as CSV chunks for a database target that reads CSV (PostgreSQL's `COPY ... (FORMAT csv)`):
 * worker threads generate and encode row ranges (output/parallel-text.ts), so this thread only moves bytes to
 * the server while the server ingests. The bytes are those of the CSV file without its header. When workers
 * cannot start here, the rows are encoded in this thread with the same sink.
 */
import type { CsvChunks } from '../../sources/contract.js';
import type { Generation } from '../engine.js';
import { FILE_BATCH_ROWS } from '../output/column-batch.js';
import { encodeInParallel, startEncodePool } from '../output/parallel-text.js';
import { createCsvSink } from '../output/sinks/csv-sink.js';
import type { SinkColumn } from '../output/sinks/sink.js';
import { describeColumns } from '../output/write-files.js';
import type { PlannedDataset } from '../plan/plan.js';

/** Bytes per chunk encoded in this thread before it is handed on. */
const CHUNK_CHARS = 64 * 1024;

type Piece = { readonly bytes: Uint8Array; readonly rows: number };

/** The rows of `planned` as CSV chunks encoded by `threads` workers (≥ 2), progress reported per chunk. */
export function offerCsvChunks(
  generation: Generation,
  planned: PlannedDataset,
  threads: number,
  options: {
    readonly signal?: AbortSignal;
    readonly onProgress?: (dataset: string, rows: number, total: number) => void;
  },
): CsvChunks {
  const columns = describeColumns(generation, planned.name);
  return {
    fields: columns.map((column) => column.name),
    async *chunks() {
      const total = planned.end - planned.start;
      options.onProgress?.(planned.name, 0, total);
      const pool = await startEncodePool(generation, planned.name, 'csv', columns, threads);
      let done = 0;
      try {
        const pieces = pool
          ? encodeInParallel(pool, planned.start, planned.end, options.signal)
          : encodeHere(generation, planned, columns, options.signal);
        for await (const piece of pieces) {
          yield piece;
          done += piece.rows;
          options.onProgress?.(planned.name, done, total);
        }
      } finally {
        await pool?.close();
      }
    },
  };
}

/** The same chunks encoded in this thread. */
async function* encodeHere(
  generation: Generation,
  planned: PlannedDataset,
  columns: readonly SinkColumn[],
  signal: AbortSignal | undefined,
): AsyncIterable<Piece> {
  let text = '';
  const sink = createCsvSink(
    {
      async write(chunk) {
        text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      },
      async commit() {},
      async discard() {},
    },
    columns,
    false,
  );
  let rows = 0;
  for await (const batch of generation.columnBatches(planned.name, signal, FILE_BATCH_ROWS)) {
    await sink.writeColumns!(batch);
    rows += batch.length;
    if (text.length < CHUNK_CHARS) continue;
    yield { bytes: Buffer.from(text, 'utf8'), rows };
    text = '';
    rows = 0;
  }
  if (rows > 0) yield { bytes: Buffer.from(text, 'utf8'), rows };
}
