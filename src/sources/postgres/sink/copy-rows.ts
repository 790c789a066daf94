/**
 * Writes a row stream into one table with `COPY ... FROM STDIN` (text format), with back-pressure and
 * cancellation; generated columns are left out of the column list, identity columns receive the supplied
 * values (COPY writes them even into GENERATED ALWAYS columns). Rows offered as column batches (the generator's)
 * are encoded column by column; rows offered as CSV chunks (encoded by the generator's worker threads) go
 * through `COPY ... (FORMAT csv)` as they are when they have the table's columns. The caller owns the
 * transaction.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { type EncodableType, encodePgText, encodesAlikeEverywhere } from '../../../catalog/value-text.js';
import type { Row } from '../../../catalog/values.js';
import type { DatasetTask } from '../../../tasks/types.js';
import type { CsvChunks, LoadRows, RowBatch } from '../../contract.js';
import { writableFields } from '../../writable-fields.js';
import { encodeCopyBatch, encodeCopyLine } from '../copy-encode.js';
import { quoteIdentifierList, quoteQualified } from '../identifiers.js';

/** Lines are grouped into chunks of about this many bytes before they reach the socket. */
const CHUNK_BYTES = 64 * 1024;

/** The quoted, qualified table name of a dataset task. */
export function tableOf(dataset: DatasetTask): string {
  return quoteQualified(dataset.dataset.namespace, dataset.dataset.local);
}

/** Copies `rows` into the dataset's table; returns the number of rows written. */
export async function copyRows(
  client: pg.Client,
  dataset: DatasetTask,
  rows: LoadRows,
  options: {
    readonly signal?: AbortSignal;
    readonly onProgress?: (rows: number) => void;
    /** PGlite's socket server cannot take COPY FROM STDIN: batched INSERTs instead. */
    readonly embedded?: boolean;
  },
): Promise<number> {
  if (options.embedded) return insertRows(client, dataset, rows, options);
  const fields = writableFields(dataset);
  const columns = fields.map((field) => ({ name: field.name, type: field.type }));
  const sql = `COPY ${tableOf(dataset)} (${quoteIdentifierList(fields.map((field) => field.name))}) FROM STDIN`;
  let count = 0;
  async function* encodeBatches(batches: AsyncIterable<RowBatch>): AsyncGenerator<string> {
    const cells: string[][] = [];
    let chunk = '';
    for await (const batch of batches) {
      chunk += encodeCopyBatch(batch, columns, cells);
      count += batch.length;
      if (chunk.length >= CHUNK_BYTES) {
        yield chunk;
        chunk = '';
        options.onProgress?.(count);
      }
    }
    if (chunk !== '') yield chunk;
    options.onProgress?.(count);
  }
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
  async function* pass(chunks: CsvChunks): AsyncGenerator<Uint8Array> {
    for await (const piece of chunks.chunks()) {
      yield piece.bytes;
      count += piece.rows;
      options.onProgress?.(count);
    }
  }
  const csv = rows.csv && readsAsCsv(rows.csv, columns) ? rows.csv : undefined;
  const source = csv ? pass(csv) : rows.batches ? encodeBatches(rows.batches()) : encode();
  const stream = client.query(copyFrom(csv ? `${sql} (FORMAT csv)` : sql));
  await pipeline(Readable.from(source), stream, options.signal ? { signal: options.signal } : {});
  return count;
}

/**
 * CSV chunks load as they are when they hold the table's writable columns in order and no column holds an
 * array of documents (which a CSV file writes as JSON, a COPY as an array literal).
 */
function readsAsCsv(
  csv: CsvChunks,
  columns: readonly { readonly name: string; readonly type: EncodableType }[],
): boolean {
  return (
    csv.fields.length === columns.length &&
    columns.every(
      (column, position) => csv.fields[position] === column.name && encodesAlikeEverywhere(column.type),
    )
  );
}

/** Rows per INSERT statement on the embedded server. */
const INSERT_BATCH = 500;

/** The INSERT fallback: one typed text array per column, cast to the column types on the server. */
async function insertRows(
  client: pg.Client,
  dataset: DatasetTask,
  rows: AsyncIterable<Row>,
  options: { readonly signal?: AbortSignal; readonly onProgress?: (rows: number) => void },
): Promise<number> {
  const fields = writableFields(dataset);
  const sql =
    `INSERT INTO ${tableOf(dataset)} (${quoteIdentifierList(fields.map((field) => field.name))}) OVERRIDING SYSTEM VALUE ` +
    `SELECT ${fields.map((field, index) => `u.k${index}::${field.type.native}`).join(', ')} ` +
    `FROM unnest(${fields.map((_, index) => `$${index + 1}::text[]`).join(', ')}) AS u(${fields.map((_, index) => `k${index}`).join(', ')})`;
  let count = 0;
  let batch: Row[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    options.signal?.throwIfAborted();
    const current = batch;
    await client.query(
      sql,
      fields.map((field) => current.map((row) => encodePgText(row[field.name] ?? null, field.type))),
    );
    count += current.length;
    batch = [];
    options.onProgress?.(count);
  };
  for await (const row of rows) {
    batch.push(row);
    if (batch.length >= INSERT_BATCH) await flush();
  }
  await flush();
  return count;
}
