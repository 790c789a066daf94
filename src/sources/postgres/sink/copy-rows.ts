/**
 * Writes a row stream into one table with `COPY ... FROM STDIN` (text format), with back-pressure and
 * cancellation; generated columns are left out of the column list, identity columns receive the supplied
 * values (COPY writes them even into GENERATED ALWAYS columns). The caller owns the transaction.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Row } from '../../../catalog/values.js';
import type { DatasetTask, FieldTask } from '../../../tasks/types.js';
import { quoteIdentifierList, quoteQualified } from '../identifiers.js';
import { encodeCopyLine } from '../value-text.js';

/** Lines are grouped into chunks of about this many bytes before they reach the socket. */
const CHUNK_BYTES = 64 * 1024;

/** The quoted, qualified table name of a dataset task. */
export function tableOf(dataset: DatasetTask): string {
  return quoteQualified(dataset.dataset.namespace, dataset.dataset.local);
}

/** The fields a load writes: everything except generated columns and fields left to the database. */
export function writableFields(dataset: DatasetTask): FieldTask[] {
  return dataset.fields.filter(
    (field) => field.generated === undefined && field.generator.kind !== 'database',
  );
}

/** Copies `rows` into the dataset's table; returns the number of rows written. */
export async function copyRows(
  client: pg.Client,
  dataset: DatasetTask,
  rows: AsyncIterable<Row>,
  options: { readonly signal?: AbortSignal; readonly onProgress?: (rows: number) => void },
): Promise<number> {
  const fields = writableFields(dataset);
  const columns = fields.map((field) => ({ name: field.name, type: field.type }));
  const sql = `COPY ${tableOf(dataset)} (${quoteIdentifierList(fields.map((field) => field.name))}) FROM STDIN`;
  let count = 0;
  async function* encode(): AsyncGenerator<string> {
    let chunk = '';
    for await (const row of rows) {
      chunk += encodeCopyLine(row, columns);
      count += 1;
      if (chunk.length >= CHUNK_BYTES) {
        yield chunk;
        chunk = '';
        options.onProgress?.(count);
      }
    }
    if (chunk !== '') yield chunk;
    options.onProgress?.(count);
  }
  const stream = client.query(copyFrom(sql));
  await pipeline(Readable.from(encode()), stream, options.signal ? { signal: options.signal } : {});
  return count;
}
