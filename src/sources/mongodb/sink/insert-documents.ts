/**
 * Loads generated rows into a collection with `insertMany` in batches, unordered (`ordered: false`: the
 * server writes every document it can and reports the rest, which is faster than ordered inserts and names
 * every failing document at once). Any write error fails the load with the first error's message and the
 * count of documents that did go in: without a transaction MongoDB keeps those.
 */
import type { Collection, Document } from 'mongodb';
import type { Row } from '../../../catalog/values.js';
import { DoppelError } from '../../../shared/errors.js';
import type { DatasetTask } from '../../../tasks/types.js';
import { toQueryError } from '../errors.js';
import { createDocumentWriter } from './bson-writer.js';

/** Documents per `insertMany` call. */
export const INSERT_BATCH = 1_000;

interface BulkWriteFailure {
  readonly result?: { readonly insertedCount?: number };
  readonly insertedCount?: number;
  readonly writeErrors?:
    | readonly { readonly errmsg?: string; readonly code?: number }[]
    | { readonly errmsg?: string };
}

export interface InsertOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (rows: number) => void;
}

/** Inserts `rows` of `task` into `collection`; returns the number of documents written. */
export async function insertDocuments(
  collection: Collection,
  task: DatasetTask,
  rows: AsyncIterable<Row>,
  options: InsertOptions,
): Promise<number> {
  const toDocument = createDocumentWriter(task);
  const what = `loading ${task.dataset.name}`;
  let written = 0;
  let batch: Document[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    options.signal?.throwIfAborted();
    try {
      const result = await collection.insertMany(batch, { ordered: false });
      written += result.insertedCount;
    } catch (error) {
      throw describeFailure(error, what, written, options.signal);
    }
    batch = [];
    options.onProgress?.(written);
  };
  for await (const row of rows) {
    batch.push(toDocument(row));
    if (batch.length >= INSERT_BATCH) await flush();
  }
  await flush();
  return written;
}

/** A failed unordered insert: the server's first complaint, how many failed, how many went in before. */
function describeFailure(error: unknown, what: string, before: number, signal?: AbortSignal): DoppelError {
  const failure = error as BulkWriteFailure;
  const errors = failure.writeErrors;
  const list = Array.isArray(errors) ? errors : errors !== undefined ? [errors] : [];
  if (list.length === 0) return toQueryError(error, what, signal);
  const inserted = before + (failure.result?.insertedCount ?? failure.insertedCount ?? 0);
  const first = list[0] as { errmsg?: string; code?: number };
  const duplicate = first.code === 11000;
  return new DoppelError(
    duplicate ? 'refused' : 'refused',
    `MongoDB refused ${list.length} document(s) while ${what}${duplicate ? ' (a unique index)' : ''}: ${first.errmsg ?? 'write error'}. ${inserted} document(s) were written and stay (MongoDB loads without a transaction; \`doppel clean\` removes them).`,
    { cause: error },
  );
}
