/** Catalog query: counts a table's rows, reading at most `limit` of them (at least one). */
import { quoteQualified } from '../../identifiers.js';
import type { MysqlQueryable } from '../../queryable.js';

/** The table's row count, or `limit` when it holds at least that many. */
export async function countRowsBounded(
  db: MysqlQueryable,
  namespace: string,
  table: string,
  limit: number,
): Promise<number> {
  const bound = Math.max(1, Math.floor(limit));
  const rows = await db.query<{ count: number | string }>(
    `SELECT COUNT(*) AS count FROM (SELECT 1 FROM ${quoteQualified(namespace, table)} LIMIT ${bound}) AS bounded`,
  );
  return Number(rows[0]?.count ?? 0);
}
