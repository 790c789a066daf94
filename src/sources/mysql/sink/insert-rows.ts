/**
 * Writes a row stream into one table as multi-row INSERT statements of about `batchBytes` each (sized by the
 * caller from the server's `max_allowed_packet`), one statement in flight while the next is built, so the
 * generator and the server work at the same time. Generated columns and fields left to the database are not
 * written; auto_increment columns receive the generated keys, which moves InnoDB's counter past them.
 * The caller owns the transaction.
 */
import type { Row } from '../../../catalog/values.js';
import type { DatasetTask } from '../../../tasks/types.js';
import { writableFields } from '../../writable-fields.js';
import { quoteIdentifierList } from '../identifiers.js';
import type { MysqlQueryable } from '../queryable.js';
import { renderValueLiteral } from '../value-literal.js';

export interface InsertOptions {
  /** Statement size to aim for, in characters of SQL text. */
  readonly batchBytes: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (rows: number) => void;
}

/** Inserts `rows` into `table` (quoted); returns the number of rows written. */
export async function insertRows(
  db: MysqlQueryable,
  table: string,
  dataset: DatasetTask,
  rows: AsyncIterable<Row>,
  options: InsertOptions,
): Promise<number> {
  const fields = writableFields(dataset);
  const head = `INSERT INTO ${table} (${quoteIdentifierList(fields.map((field) => field.name))}) VALUES `;
  let count = 0;
  let sent = 0;
  let pending: Promise<unknown> | undefined;
  let parts: string[] = [];
  let size = head.length;
  const send = async () => {
    if (parts.length === 0) return;
    options.signal?.throwIfAborted();
    const statement = head + parts.join(',');
    const rowsInStatement = parts.length;
    parts = [];
    size = head.length;
    if (pending !== undefined) await pending;
    const query = db.query(statement).then(() => {
      sent += rowsInStatement;
      options.onProgress?.(sent);
    });
    // Awaited before the next statement (or at the end); a failure meanwhile is not "unhandled".
    query.catch(() => undefined);
    pending = query;
  };
  for await (const row of rows) {
    let tuple = '(';
    for (let index = 0; index < fields.length; index++) {
      const field = fields[index]!;
      if (index > 0) tuple += ',';
      tuple += renderValueLiteral(row[field.name] ?? null, field.type);
    }
    tuple += ')';
    parts.push(tuple);
    size += tuple.length + 1;
    count += 1;
    if (size >= options.batchBytes) await send();
  }
  await send();
  if (pending !== undefined) await pending;
  return count;
}
