/**
 * A batch of generated rows held column by column: the hot path generates each field's values in one loop
 * and the sinks encode them column by column, so no row object is built on the way to a file. Row objects
 * are made only where an API hands out rows (`rowsOfBatch`).
 */
import type { Row, Value } from '../../catalog/values.js';

/**
 * Rows per column batch written to files, unless the run sets `batchSize`. Small batches keep few strings
 * alive at each young-generation collection: measured 512 rows ≈ 20% less CPU than 4096 for CSV.
 */
export const FILE_BATCH_ROWS = 512;

export interface ColumnBatch {
  /** Field names, in output order. */
  readonly fields: readonly string[];
  /** One array per field; only the first `length` entries belong to the batch. */
  readonly columns: readonly (readonly Value[])[];
  /** Rows in the batch. */
  readonly length: number;
  /** Row index of the first row. */
  readonly start: number;
}

/** The batch as row objects (fields in output order). */
export function rowsOfBatch(batch: ColumnBatch): Row[] {
  const { fields, columns, length } = batch;
  const rows: Row[] = new Array(length);
  for (let offset = 0; offset < length; offset++) {
    const row: Record<string, Value> = {};
    for (let position = 0; position < fields.length; position++)
      row[fields[position]!] = columns[position]![offset]!;
    rows[offset] = row;
  }
  return rows;
}
