/**
 * A dataset's rows as CSV chunks for a database target that reads CSV (PostgreSQL's `COPY ... (FORMAT csv)`):
 * this thread and worker threads generate and encode row ranges (output/parallel-text.ts) while the server
 * ingests. The bytes are those of the CSV file without its header.
 */
import type { CsvChunks } from '../../sources/contract.js';
import type { Generation } from '../engine.js';
import { encodeRanges } from '../output/parallel-text.js';
import { describeColumns } from '../output/write-files.js';
import type { PlannedDataset } from '../plan/plan.js';

/** The rows of `planned` as CSV chunks encoded by `threads` threads (≥ 2), progress reported per chunk. */
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
      let done = 0;
      for await (const piece of encodeRanges(
        generation,
        planned.name,
        'csv',
        columns,
        threads,
        planned,
        options.signal,
      )) {
        yield piece;
        done += piece.rows;
        options.onProgress?.(planned.name, done, total);
      }
    },
  };
}
